"""The Streamlit pages of voicemock: a thin layer over the core in voicemock/."""
