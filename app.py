"""voicemock: the Streamlit app. A thin layer over the core in voicemock/; pages live in ui/.

Run with `make run` (or `.venv/bin/python -m streamlit run app.py`); it listens on localhost only.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st


# A local image: a ":material/...:" or emoji-name icon makes the browser fetch the icon from a font server.
ICON = Path(__file__).resolve().parent / "ui" / "icon.png"
st.set_page_config(page_title="voicemock", page_icon=str(ICON), layout="wide")

pages = [
    st.Page("ui/practice.py", title="Practice", icon=":material/mic:", default=True),
    st.Page("ui/review.py", title="Review", icon=":material/headphones:"),
    st.Page("ui/progress.py", title="Progress", icon=":material/trending_up:"),
    st.Page("ui/guides.py", title="Guides", icon=":material/menu_book:"),
    st.Page("ui/stories.py", title="Stories", icon=":material/auto_stories:"),
]
page = st.navigation(pages)

with st.sidebar:
    st.markdown("### :material/record_voice_over: voicemock")
    st.caption("Mock interviews, spoken aloud and coached. Everything stays on this machine.")

page.run()
