"""Sessions: the SQLite index and the session folders (store), the pipeline that keeps a recording before it is
processed, practice in the terminal, attempts and their best take, the sitting's summary, progress across sittings,
the story bank and the exports."""
