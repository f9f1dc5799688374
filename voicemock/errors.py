"""One family of errors whose message is a single line that says what to do."""


class VoicemockError(Exception):
    """Base for every error voicemock shows to a person. str(error) is one actionable line."""
