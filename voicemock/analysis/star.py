"""STAR structure: label each sentence Situation, Task, Action or Result, in that order, and say which parts are there.

The labeller is learned from real published answers whose pages mark their own S/T/A/R parts
(`../shared/eval/star-*.jsonl`, read by `scripts/fit_star.py`; the data is not in this repository). It runs in three
steps, with numpy only (the fitted model is `star_model.json`, beside this file):

1. **Sentence probabilities.** A multinomial logistic regression over `star_features.sentence_features` (the cue
   phrases of the first, rule-based labeller, where the sentence sits, pronouns and tense, word n-grams) gives each
   sentence a probability per part, sharpened or softened by one temperature fitted on held-out sentences.
2. **Order.** A Viterbi pass over the log-probabilities (each divided by its part's share of the training
   sentences) finds the best labelling that never goes backwards
   (S -> T -> A -> R; any part may be skipped).
3. **Presence.** Per group of `PRESENCE_GROUPS` (the setting, i.e. Situation and Task together; the Action; the
   Result), a small logistic regression turns what steps 1-2 found (the group's highest probability in any sentence,
   its summed probability, whether the Viterbi path used it, how much less likely the best ordered labelling is
   without it, the answer's length) into a calibrated probability that the answer contains it. It is fitted on
   held-out sentence probabilities of the labelled answers and of versions of them with one, two or three labelled
   parts left out. Situation and Task both take the setting's probability.

A part is never present without a sentence to show for it: when no sentence reads at least `EVIDENCE_AT` (0.5) as
the part's group (more than as all other parts together), the part's probability is lowered to that sentence's
reading ("I can't think of one" has no situation, whatever the presence model makes of one short sentence).
The reverse holds for the Result, which answers tell last: when the last sentence reads at least `FINAL_RESULT_AT`
(0.9) as a Result, the Result's probability is at least that reading. Before, "The client not only continued to order
from us but posted a positive customer service tweet." (0.98 as a Result) closed an answer whose Result was reported
missing, because the presence model asks more of a one-sentence Result than one sentence can show. Cross-validated,
this made 46 of 47 strong answers complete (45) and "Result missing" right more often (precision 0.78, from 0.75),
and caught fewer of the Results truly left out (recall 0.55, from 0.69): of the 31 cut answers whose new last
sentence reads 0.9 as a Result, 20 are from the one repository whose labels disagree with themselves, and many of
the others end on an outcome their page labels an action ("We had to roll back and spent another week fixing issues").
A part is **present** when its probability is at least `PRESENT_AT` (0.5) and **missing** otherwise; the sentences
are then labelled again by a Viterbi pass over the present parts only, so no sentence is ever coloured as a part
that is reported missing, and `parts` and `missing` are disjoint by construction. A sentence that pass places in a
part it hardly reads as (under `UNLABELLED_BELOW`, 0.1, as that part's group: "...and we rolled back the deploy" put
in the Task because the Action and Result are missing) is left uncoloured instead; it keeps the part only when the
part would otherwise have no sentence and no partner in the setting to be folded into. On the 128 published answers
(cross-validated) this uncolours 16 of 1,634 sentences and clauses: 4 that their sources label, all 4 in the wrong
part before, and 12 that no label covers (most of them "Second, I recognized..." lessons after a result); accuracy is
unchanged. A present part that gets no sentence of its own (a one-sentence answer can hold a situation and an
action; "so I offered to help" ends a situation sentence) is placed on the sentence that shows it best, with `folded_into` naming that sentence's part.

**A task folded into the situation.** Many good answers never state the task in a sentence of its own: "As the on-call
engineer, I was paged when checkout went down" is situation and task at once, and "I had a client upset about a late
delivery, so I needed to keep them" is task and situation at once. Sources label the two unevenly, too (one
repository calls much of its situation "Task"). So Situation and Task are one setting: the presence step judges the
setting as a whole, and both parts are present or both missing. When the labelling gives one of them no sentence of
its own, it is *folded into* the other: reported as a part (never as missing) with `folded_into` naming its host
("situation" for a folded task), its sentence the host sentence most like it, and a share of 0 (its words are the
host's). A sentence may then belong to two parts: `labels` gives its host part, and the folded part lists it in
`sentences`. The price, measured in `bench/eval_star.py`: an answer whose situation is there but whose task is truly
absent (or the reverse) is not told so.

`confident_missing` lists the missing parts that are safe to ask for outright ("What was the result?"): only Action
or Result (`PROBE_PARTS`), only when the part's probability is below its `probe_below` threshold in the model, and
only when no sentence gives the part a probability of `PROBE_NO_SENTENCE_ABOVE` (0.5) or more. The fit sets
`probe_below` per part, nested by source: presence models fitted on four of the five inner folds judge the fifth, and
the threshold is the highest probability under which the part was truly absent in at least 95% of those held-out
cases (`star_fit.PROBE_PRECISION`). That alone was not safe on a source unlike the others (cross-validated, Result
was right 35 of 52 times, all 17 errors on one repository whose results the model reads as actions); the sentence
rule and the two probed parts were chosen after seeing those cross-validated figures (`bench/eval_star.py` reports
them). Situation and Task are never probed: a setting found in neither is reported missing, but the guide's own
follow-up questions ask for it.

**Substance checks** (`flags`, `substance_flags`): a present Action whose sentences hold no step the speaker took
("I <did>"), or a present Result whose sentences name no outcome, is flagged with that part's sentence as evidence.
`complete` (no part missing, none flagged) is the one verdict of a complete answer; its opposite is a flagged one.

**No example.** An answer that tells no specific time (`example.find_example`: fewer than two past-tense verbs and
nothing that places it in time, as in "I'm a great team player and I always communicate well") has no part at all:
every part is missing, no sentence is coloured, the score is 0 and `example` is False. Its sentences may still read
as parts one by one (an opening sentence reads as a situation by its place alone); that is what this rule stops.

`score` (0-100) is the mean over the four parts of their probability of being present (a folded part counts with
its host's probability): the structure score whose strong-against-weak AUC `bench/eval_star.py` reports.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .example import find_example
from .specifics import is_vague_story, vague_words
from .star_features import _IRREGULAR_PAST, I_DID, PARTS, cue_scores, sentence_features
from .star_features import _NOT_DOING as _NOT_DOING_PATTERN
from .tense import to_past, told_in_present
from .text import Sentence, tokens

__all__ = ["PARTS", "PRESENT_AT", "StarAnalysis", "StarFlag", "StarModel", "StarPart", "analyze_star",
           "cue_scores", "label_sentences", "load_model"]

MODEL_PATH = Path(__file__).with_name("star_model.json")
PRESENT_AT = 0.5    # a part whose calibrated probability of being present is below this is reported missing
PROBE_PARTS = ("action", "result")  # the parts ever asked for outright (see `confident_missing` above)
PROBE_NO_SENTENCE_ABOVE = 0.5  # ... and only when no sentence reads more as that part than as all others together
UNLABELLED_BELOW = 0.1  # a sentence reading less than this as the part it was placed in is left uncoloured
FINAL_RESULT_AT = 0.9  # a last sentence reading at least this as a Result makes the Result present
EVIDENCE_AT = 0.5  # a part is present only when some sentence reads at least this much as its group
# What the presence step judges: the setting (situation and task together, see "A task folded into the situation"),
# the action and the result. Each part takes its group's probability.
PRESENCE_GROUPS = {"setting": ("situation", "task"), "action": ("action",), "result": ("result",)}
# A present part told in fewer than this share of the answer's words is "thin" (a tip for the Action). The smallest
# Action of an answer its source calls strong is 26% of the answer by the source's own labels, and the labeller's
# boundaries are often one sentence off, so the Action is called thin only below 20% (at 30%, 6 of the 47 strong
# answers were told so, cross-validated; `bench/eval_star.py` counts them).
THIN_BELOW = {"situation": 0.05, "action": 0.2, "result": 0.08}
GROUP_OF = {part: group for group, members in PRESENCE_GROUPS.items() for part in members}

_QUANTIFIED = re.compile(
    r"\b\d+(\.\d+)?\s?(%|percent|x\b|times\b|hours?|days?|weeks?|months?|years?|minutes?|k\b|million|billion|"
    r"users|customers|people|engineers|points?)|\$\s?\d|\b(doubled|tripled|halved)\b|\b(half|twice|a third|a quarter) (the|as|of)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|hundred|thousand)\s(percent|hours|days|weeks|months|users|customers|engineers|people)|"
    # A count of anything ("three other teams adopted it", "zero bugs", "four later migrations"), or a rate ("about
    # one a week"): "one" alone is left out ("one of the reasons").
    r"\b(zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|"
    r"thousands?|millions?|dozens?)\b|\b(one|once|twice)\s(a|per|every)\s(day|night|week|month|quarter|year|sprint)\b|"
    # A time it took or now takes ("reviews came back in under a day", "fixed within an hour").
    r"\b(under|within|less than|in)\s(a|an|one)\s(minute|hour|day|week|month|sprint|quarter)\b",
    re.IGNORECASE)


# Who did it: "I" and "we" as subjects only, as the tip that counts them says ("you said 'we' 3 times"). "Costing us"
# and "our weekly planning" are not "we", and an Action of "I pulled... I brought... proposed we split" is the
# speaker's own (it was told it said 'we' 3 times and 'I' 2 times when it had counted "us" and "our").
_I_SUBJECT = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_WE_SUBJECT = frozenset({"we", "we're", "we've", "we'd", "we'll"})


@dataclass(frozen=True)
class StarPart:
    part: str
    text: str
    sentences: tuple[int, ...]
    start: float | None
    end: float | None
    share: float  # of the answer's words (0 for a folded part: its words are its host part's)
    probability: float = 1.0  # calibrated probability that the answer has this part
    evidence: str = ""  # the sentence that best shows the part
    folded_into: str | None = None  # the part whose sentence also carries this one (a task told within the situation)


@dataclass(frozen=True)
class StarFlag:
    """A part that is there but says too little to count: what is wrong, and the sentence that shows it."""
    part: str
    reason: str
    evidence: str
    sentence: int  # index of the evidence sentence
    start: float | None


@dataclass(frozen=True)
class StarAnalysis:
    labels: tuple[str | None, ...]  # one per sentence; None when no present part covers it (an answer with no part)
    parts: tuple[StarPart, ...]  # the parts judged present, in S-T-A-R order
    missing: tuple[str, ...]  # the parts judged absent: never one of `parts`
    thin: tuple[str, ...]
    action_i: int
    action_we: int
    result_quantified: bool
    ends_on_result: bool
    presence: dict[str, float]  # calibrated probability per part that the answer contains it
    confident_missing: tuple[str, ...]  # missing parts with presence below the model's probe_below for the part
    score: float  # 0-100 structure score
    flags: tuple[StarFlag, ...] = ()  # present parts without their substance (see `substance_flags`)
    example: bool = True  # the answer tells a specific time (`example.find_example`); when not, no part is present
    example_sentence: int = 0  # the sentence that shows it, or (no example) the one that shows it is missing

    @property
    def complete(self) -> bool:
        """No part missing and no part flagged: the one test for a complete STAR answer."""
        return not self.missing and not self.flags


def presence_features(proba: np.ndarray, order: np.ndarray, labels: list[str]) -> dict[str, list[float]]:
    """What the sentence step found about each group of `PRESENCE_GROUPS`, as the presence model's inputs (one list
    per group): the group's highest probability in any sentence, its summed probability, whether the ordered labelling
    used it, and how much less likely the best ordered labelling becomes when the group is not allowed at all."""
    n = proba.shape[0]
    best = best_path_score(order, PARTS)
    out = {}
    for group, members in PRESENCE_GROUPS.items():
        column = proba[:, [PARTS.index(p) for p in members]].sum(axis=1)
        assigned = any(label in members for label in labels)
        without = best_path_score(order, tuple(p for p in PARTS if p not in members))
        out[group] = [float(column.max()), min(3.0, float(column.sum())) / 3, 1.0 if assigned else 0.0,
                      min(10.0, best - without) / 10, math.log(n) / 3]
    return out


class StarModel:
    """The fitted sentence model and presence models (a plain dict, as written by `scripts/fit_star.py`)."""

    def __init__(self, data: dict):
        self.data = data
        self.index = {name: i for i, name in enumerate(data["features"])}
        self.coef = np.asarray(data["coef"], dtype=np.float64)  # parts x features
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        self.temperature = float(data.get("temperature", 1.0))
        self.prior = np.asarray(data["prior"], dtype=np.float64)
        groups = data["presence"]
        self.presence_coef = {g: np.asarray(groups[g]["coef"], dtype=np.float64) for g in PRESENCE_GROUPS}
        self.presence_intercept = {g: float(groups[g]["intercept"]) for g in PRESENCE_GROUPS}
        self.probe_below = {p: float(groups[GROUP_OF[p]].get("probe_below", 0.0)) for p in PARTS}

    def logits(self, sentences: list[str]) -> np.ndarray:
        out = np.tile(self.intercept, (len(sentences), 1))
        for row, features in enumerate(sentence_features(sentences)):
            for name, value in features.items():
                column = self.index.get(name)
                if column is not None:
                    out[row] += self.coef[:, column] * value
        return out

    def proba(self, sentences: list[str]) -> np.ndarray:
        """Per sentence, the calibrated probability of each part (rows sum to 1)."""
        if not sentences:
            return np.zeros((0, len(PARTS)))
        z = self.logits(sentences) / self.temperature
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def for_order(self, proba: np.ndarray) -> np.ndarray:
        """What the Viterbi pass weighs: each part's probability over its share of training sentences (a scaled
        likelihood, as in hybrid HMMs), so the common Action does not swallow a short Result by its prior alone."""
        scaled = proba / self.prior
        return scaled / scaled.sum(axis=1, keepdims=True) if len(scaled) else scaled

    def presence(self, proba: np.ndarray, order: np.ndarray, labels: list[str]) -> dict[str, float]:
        if proba.shape[0] == 0:
            return {p: 0.0 for p in PARTS}
        features = presence_features(proba, order, labels)
        group = {}
        for name in PRESENCE_GROUPS:
            z = self.presence_intercept[name] + float(np.dot(self.presence_coef[name], features[name]))
            group[name] = 1.0 / (1.0 + math.exp(-z))
        return {part: group[GROUP_OF[part]] for part in PARTS}


@lru_cache(maxsize=1)
def load_model() -> StarModel:
    return StarModel(json.loads(MODEL_PATH.read_text()))


def best_path_score(order: np.ndarray, allowed: tuple[str, ...]) -> float:
    """The log-probability of the best ordered labelling that uses only `allowed` parts."""
    logp = np.log(np.clip(order[:, [PARTS.index(p) for p in allowed]], 1e-12, 1.0))
    best = logp[0].copy()
    for row in logp[1:]:
        best = np.maximum.accumulate(best) + row
    return float(best.max())


def viterbi(proba: np.ndarray, allowed: tuple[str, ...] = PARTS) -> list[str]:
    """The most probable labelling from the `allowed` parts that never goes backwards in S -> T -> A -> R order."""
    n, k = proba.shape[0], len(allowed)
    if n == 0 or k == 0:
        return []
    logp = np.log(np.clip(proba[:, [PARTS.index(p) for p in allowed]], 1e-12, 1.0))
    best = np.full((n, k), -np.inf)
    back = np.zeros((n, k), dtype=int)
    best[0, :] = logp[0, :]
    for i in range(1, n):
        for j in range(k):
            prev = max(range(j + 1), key=lambda p: best[i - 1, p])
            best[i, j] = best[i - 1, prev] + logp[i, j]
            back[i, j] = prev
    j = int(np.argmax(best[n - 1]))
    path = [j]
    for i in range(n - 1, 0, -1):
        j = int(back[i, j])
        path.append(j)
    return [allowed[j] for j in reversed(path)]


def label_sentences(sentences: list[str], model: StarModel | None = None) -> list[str | None]:
    """The labels `analyze_star` gives these sentences (no times needed)."""
    return list(_decide(sentences, model or load_model())[0])


def _evidence(proba: np.ndarray, part: str) -> float:
    """How much the sentence that reads most as this part's group reads as it (0 with no sentence)."""
    columns = [PARTS.index(p) for p in PRESENCE_GROUPS[GROUP_OF[part]]]
    return float(proba[:, columns].sum(axis=1).max()) if len(proba) else 0.0


# Words that make a sentence a preamble or a courtesy, not part of the story ("Sure.", "Great question.", "Thank you.").
_COURTESY = {"sure", "okay", "ok", "yes", "yeah", "yep", "so", "well", "great", "good", "question", "absolutely",
             "right", "alright", "um", "uh", "hmm", "thanks", "thank", "you", "of", "course", "certainly", "that's",
             "that", "is", "a", "an", "interesting", "let", "me", "think", "oh", "and", "definitely"}


def is_courtesy(text: str) -> bool:
    """A sentence of courtesy words only ("Sure.", "Okay, so."): it is no part of the story, and is never coloured."""
    return all(w in _COURTESY for w in tokens(text))


def _decide(texts: list[str], model: StarModel):
    """labels, presence, present parts (ordered), folded {part: host part}, proba, example. Courtesy sentences
    (`is_courtesy`) are left out of the labelling: no label, and a probability of 0 for every part."""
    kept = [i for i, text in enumerate(texts) if not is_courtesy(text)]
    if len(kept) == len(texts):
        return _decide_story(texts, model)
    labels, presence, present, folded, proba, example = _decide_story([texts[i] for i in kept], model)
    full_labels: list[str | None] = [None] * len(texts)
    full_proba = np.zeros((len(texts), len(PARTS)))
    for row, i in enumerate(kept):
        full_labels[i] = labels[row]
        full_proba[i] = proba[row]
    example = replace(example, sentence=kept[example.sentence] if kept else 0)
    return full_labels, presence, present, folded, full_proba, example


def _decide_story(texts: list[str], model: StarModel):
    example = find_example(texts)
    # A story told in the present is labelled as if told in the past, as the model's training answers are (`tense`).
    read = [to_past(t) for t in texts] if told_in_present(texts, len(example.past)) else texts
    proba = model.proba(read)
    if not example.told:  # no story, so no part of one (see "No example" above)
        return [None] * len(texts), {p: 0.0 for p in PARTS}, (), {}, proba, example
    order = model.for_order(proba)
    free = viterbi(order)
    presence = model.presence(proba, order, free)
    # A part is never present without a sentence to show for it: with no sentence that reads at least EVIDENCE_AT as
    # the part's group, its probability is at most that sentence's.
    for part in PARTS:
        shown = _evidence(proba, part)
        if shown < EVIDENCE_AT:
            presence[part] = min(presence[part], shown)
    # A story that ends on a sentence reading FINAL_RESULT_AT or more as a Result has one, whatever the presence model
    # makes of a single sentence.
    if len(texts) > 1 and proba[-1, PARTS.index("result")] >= FINAL_RESULT_AT:
        presence["result"] = max(presence["result"], float(proba[-1, PARTS.index("result")]))
    present = tuple(p for p in PARTS if presence[p] >= PRESENT_AT)
    if not present:
        return [None] * len(texts), presence, present, {}, proba, example
    placed = viterbi(order, present)
    # A sentence that hardly reads as the part the ordered labelling gave it (under UNLABELLED_BELOW as that part's
    # group) is left uncoloured: it was placed there only because the parts it reads as are missing ("...and we rolled
    # back the deploy" is no Task because the Result is missing). A part left with no sentence keeps them, unless its
    # partner in the setting has one to carry it.
    labels: list[str | None] = list(placed)
    for i, label in enumerate(placed):
        if float(proba[i, [PARTS.index(p) for p in PRESENCE_GROUPS[GROUP_OF[label]]]].sum()) < UNLABELLED_BELOW:
            labels[i] = None
    for part in present:
        if part in placed and part not in labels and not any(
                p != part and p in labels for p in PRESENCE_GROUPS[GROUP_OF[part]]):
            labels = [part if was == part else now for was, now in zip(placed, labels)]
    folded: dict[str, str] = {}
    for part in present:
        if part not in labels:  # present, but no sentence is more this part than another: shown on its best one
            partner = [p for p in PRESENCE_GROUPS[GROUP_OF[part]] if p != part and p in labels]
            best = int(np.argmax(proba[:, PARTS.index(part)]))
            coloured = [i for i, label in enumerate(labels) if label is not None]
            host = best if labels[best] is not None else max(coloured, key=lambda i: proba[i, PARTS.index(part)])
            folded[part] = partner[0] if partner else labels[host]  # a task told within the situation, or the reverse
    return labels, presence, present, folded, proba, example


def analyze_star(sentences: list[Sentence], model: StarModel | None = None) -> StarAnalysis:
    model = model or load_model()
    texts = [s.text for s in sentences]
    labels, presence, present, folded, proba, example = _decide(texts, model)
    if not example.told:  # no story, so no part of one (see "No example" above)
        return StarAnalysis(labels=tuple(labels), parts=(), missing=PARTS, thin=(), action_i=0, action_we=0,
                            result_quantified=False, ends_on_result=False, presence=presence,
                            confident_missing=(), score=0.0, example=False, example_sentence=example.sentence)
    total_words = sum(s.word_count for s in sentences) or 1
    parts = []
    for part in PARTS:
        column = proba[:, PARTS.index(part)] if len(texts) else np.zeros(0)
        origin = host = folded.get(part)
        if host is not None:
            hosts = [i for i, label in enumerate(labels) if label == host] or list(range(len(labels)))
            chosen_idx = [max(hosts, key=lambda i: column[i])]
            host = labels[chosen_idx[0]]  # the part its sentence shows (a host that is itself folded has none)
        elif part in present:
            chosen_idx = [i for i, label in enumerate(labels) if label == part]
        else:
            continue
        chosen = [sentences[i] for i in chosen_idx]
        starts = [s.start for s in chosen if s.start is not None]
        ends = [s.end for s in chosen if s.end is not None]
        best = max(chosen_idx, key=lambda i: column[i])
        probability = presence[part] if part in present else presence[origin]
        parts.append(StarPart(
            part=part,
            text=" ".join(s.text for s in chosen),
            sentences=tuple(s.index for s in chosen),
            start=min(starts) if starts else None,
            end=max(ends) if ends else None,
            share=0.0 if host is not None else round(sum(s.word_count for s in chosen) / total_words, 3),
            probability=round(probability, 3),
            evidence=sentences[best].text,
            folded_into=host,
        ))
    placed = {p.part for p in parts}
    missing = tuple(p for p in PARTS if p not in placed)
    effective = {p.part: p.probability for p in parts}
    score = 100.0 * sum(effective.get(p, presence[p]) for p in PARTS) / len(PARTS)
    shares = {p.part: p.share for p in parts if p.folded_into is None}
    thin = tuple(p for p, low in THIN_BELOW.items() if p in shares and shares[p] < low)
    action_tokens = tokens(" ".join(p.text for p in parts if p.part == "action"))
    result_text = " ".join(p.text for p in parts if p.part == "result")
    return StarAnalysis(
        labels=tuple(labels),
        parts=tuple(parts),
        missing=missing,
        thin=thin,
        action_i=sum(1 for t in action_tokens if t in _I_SUBJECT),
        action_we=sum(1 for t in action_tokens if t in _WE_SUBJECT),
        result_quantified=bool(_QUANTIFIED.search(result_text)),
        ends_on_result=bool(labels) and labels[-1] == "result",
        presence={p: round(v, 3) for p, v in presence.items()},
        confident_missing=tuple(p for p in missing if p in PROBE_PARTS and presence[p] < model.probe_below[p]
                                and (not len(texts) or proba[:, PARTS.index(p)].max() < PROBE_NO_SENTENCE_ABOVE)),
        score=round(score, 1),
        flags=substance_flags(sentences, parts, {s.index: float(proba[i, PARTS.index("result")])
                                                 for i, s in enumerate(sentences)}),
        example_sentence=example.sentence,
    )


ACTION_WITHOUT_I = "no step you took yourself: say what you did, with 'I' and a verb (\"I called the client\")"
RESULT_WITHOUT_OUTCOME = "no outcome: say what happened or changed because of what you did"
RESULT_VAGUE = "only a vague outcome: say what changed, for whom, and by how much"
NO_SPECIFICS = "no specifics: name who, when and how much instead of {words}"


_SUBJECT_I = {"i", "i've", "i'd"}
_NOT_DOING = set(_NOT_DOING_PATTERN.split("|"))
_DONE = _IRREGULAR_PAST - {"saw", "got", "became", "knew", "thought", "felt", "heard", "understood", "lost", "fell",
                           "came", "left", "won", "grew", "rose"} | {"sat", "spent", "drove", "flew", "sold", "bought",
                                                                    "stood", "read", "fought", "dealt", "showed"}


_NEGATION = {"never", "not", "didn't", "hadn't", "wasn't", "couldn't"}  # "I never did anything to her" is no step


def takes_a_step(text: str) -> bool:
    """The speaker does something: "I <did>" (`star_features.I_DID`), also when told in the present tense ("so I go
    back to the team", read as `tense.to_past` puts it), or "I" as a subject with a past-tense verb of doing later in
    the sentence ("I sat with her and showed her each step")."""
    text = text.replace("’", "'")
    if I_DID.search(text) or I_DID.search(to_past(text)):
        return True
    words = tokens(text)
    if not _SUBJECT_I & set(words):
        return False
    return any((w in _DONE or (w.endswith("ed") and not w.endswith("eed") and len(w) > 4 and w not in _NOT_DOING))
               and (i == 0 or words[i - 1] not in _NEGATION)
               for i, w in enumerate(words))



def names_an_outcome(text: str) -> bool:
    """Something happened or changed: a result cue, a past-tense verb, a number (in digits or words: "eight
    percent"), or a change told in the present tense ("activation goes up", "pages drop to one a week")."""
    words = tokens(text)
    return (cue_scores(text)["result"] > 0 or any(w.endswith("ed") and len(w) > 4 for w in words)
            or any(w in _IRREGULAR_PAST for w in words) or any(c.isdigit() for c in text)
            or bool(_QUANTIFIED.search(text)) or bool(_CHANGES_NOW.search(text)))


# An outcome that could close any story ("Things got better over time", "I think it worked out okay in the end"):
# something vague (things, it, the team...) went well, and nothing else is said: no thing that changed, no number, no
# one's response. A sentence is vague only when nothing but these clauses and the words of `_SAYS_NOTHING` is left.
_VAGUE_OUTCOME = re.compile(
    r"\b(things|it|everything|everyone|everybody|stuff|the situation|the team|we|they|morale|people)( \w+){0,2} "
    r"(got|were|was|became|went|worked|turned|ended up|seemed|felt|improved|calmed|settled)( \w+){0,4}? "
    r"(better|well|fine|okay|ok|out|happy|great|good|smoother|improved|down)\b( (place|now|again|overall))?|"
    r"\b(\w+ ){0,3}in a (much )?(better|good|great|happier|healthier) (place|spot)\b",
    re.IGNORECASE)
_SAYS_NOTHING = {"i", "think", "guess", "so", "and", "but", "then", "eventually", "finally", "ultimately", "over",
                 "time", "in", "the", "end", "a", "bit", "basically", "really", "pretty", "much", "kind", "of", "sort",
                 "all", "after", "that", "overall", "yeah", "um", "uh", "like", "just", "okay", "ok", "well", "it",
                 "was", "with", "to", "be", "honest"}


def is_vague_outcome(text: str) -> bool:
    """The sentence says only that things went well ("Things got better over time and eventually the team was in a
    better place"): an outcome nobody can check. "The team was happy, and customers renewed" is not vague."""
    lowered = text.lower().replace("’", "'")
    rest = _VAGUE_OUTCOME.sub(" ", lowered)
    return rest != lowered and all(w in _SAYS_NOTHING for w in tokens(rest))


_CHANGES_NOW = re.compile(r"\b(goes|go|comes|come) (up|down)\b|\b(drops|falls|rises|improves|increases|decreases|"
                          r"doubles|halves|grows|shrinks|disappears|stops|ships|launches|works)\b", re.IGNORECASE)


def substance_flags(sentences: list[Sentence], parts: list[StarPart],
                    reads_as_result: dict[int, float] | None = None) -> tuple[StarFlag, ...]:
    """Answer-level checks of the two parts interviewers weigh most, on the sentences that carry them:
    - an Action none of whose sentences has a step the speaker took (`takes_a_step`), i.e. told only as "we", as
      what others did, or as what the speaker usually does;
    - a Result none of whose sentences names an outcome (a result cue, a past-tense verb, a number), or whose
      outcomes are all vague (`is_vague_outcome`: "things got better over time") and none quantified. With
      `reads_as_result` (sentence index -> its probability of being a Result), only the Result's sentences that
      read at least 0.5 as one are asked whether they are vague ("We had a few lunches" placed in the Result is no
      outcome to weigh);
    - a story with no concrete detail and several vague references (`specifics.is_vague_story`), flagged on the part
      that holds its vaguest sentence.
    A missing part is reported as missing, not flagged. The evidence is the part's most typical sentence, or for a
    vague Result its first vague sentence."""
    by_index = {s.index: s for s in sentences}
    flags = []
    for part, test in (("action", takes_a_step), ("result", names_an_outcome)):
        found = next((p for p in parts if p.part == part), None)
        if found is None:
            continue
        texts = {i: by_index[i].text for i in found.sentences if i in by_index}
        outcomes = [i for i, t in texts.items() if test(t)]
        weighed = [i for i in outcomes if (reads_as_result or {}).get(i, 1.0) >= 0.5] or outcomes
        if part == "result" and outcomes and all(is_vague_outcome(texts[i]) for i in weighed) \
                and not any(_QUANTIFIED.search(t) for t in texts.values()):
            index, reason, evidence = weighed[0], RESULT_VAGUE, texts[weighed[0]]
        elif outcomes:
            continue
        else:
            index = next((i for i in found.sentences if by_index.get(i) is not None
                          and by_index[i].text == found.evidence), found.sentences[0] if found.sentences else 0)
            reason, evidence = (ACTION_WITHOUT_I if part == "action" else RESULT_WITHOUT_OUTCOME), found.evidence
        sentence = by_index.get(index)
        flags.append(StarFlag(part=part, reason=reason, evidence=evidence, sentence=index,
                              start=sentence.start if sentence else None))
    vague = _no_specifics(sentences, parts, {f.part for f in flags})
    return tuple(flags) + ((vague,) if vague else ())


def _no_specifics(sentences: list[Sentence], parts: list[StarPart], flagged: set[str]) -> StarFlag | None:
    """A story with no concrete detail and several vague references (`specifics.is_vague_story`) is flagged on the
    part that holds its vaguest sentence (the first such part not flagged already), quoting that sentence."""
    texts = [s.text for s in sentences]
    if not is_vague_story(texts):
        return None
    counts = {s.index: len(vague_words(s.text)) for s in sentences}
    candidates = [p for p in parts if p.folded_into is None and p.sentences and p.part not in flagged]
    if not candidates:
        return None
    part = max(candidates, key=lambda p: (max(counts.get(i, 0) for i in p.sentences), -PARTS.index(p.part)))
    index = max(part.sentences, key=lambda i: (counts.get(i, 0), -i))
    sentence = next(s for s in sentences if s.index == index)
    words = list(dict.fromkeys(vague_words(" ".join(texts))))[:3]
    return StarFlag(part=part.part, reason=NO_SPECIFICS.format(words=", ".join(f"'{w}'" for w in words)),
                    evidence=sentence.text, sentence=index, start=sentence.start)
