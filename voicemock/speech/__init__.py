"""Speech: audio files and the microphone, speech energy and the mic check, spoken questions (espeak-ng), and local
transcription with faster-whisper (model choice, the transcript with its word times, text normalised for WER)."""
