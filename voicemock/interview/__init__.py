"""The interview: guides (built-in and imported, checked with one-line errors), the plan of a sitting (questions,
budgets, rounds) and the interviewer's follow-up questions."""
