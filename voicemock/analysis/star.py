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
3. **Presence.** Per part, a small logistic regression turns what steps 1-2 found (the highest probability of the
   part in any sentence, the summed probability, whether the Viterbi path used it, how much less likely the best
   ordered labelling is without the part, the answer's length) into a
   calibrated probability that the answer contains that part. It is fitted on held-out sentence probabilities of
   the labelled answers and of versions of them with one, two or three labelled parts left out.

A part is **present** when its probability is at least `PRESENT_AT` (0.5) and **missing** otherwise; the sentences
are then labelled again by a Viterbi pass over the present parts only, so no sentence is ever coloured as a part
that is reported missing, and `parts` and `missing` are disjoint by construction. A present part that gets no
sentence of its own (a one-sentence answer can hold a situation and an action; "so I offered to help" ends a
situation sentence) is placed on the sentence that shows it best, with `folded_into` naming that sentence's part.

**A task folded into the situation.** Many good answers never state the task in a sentence of its own: "As the on-call
engineer, I was paged when checkout went down" is situation and task at once, and "I had a client upset about a late
delivery, so I needed to keep them" is task and situation at once. So Situation and Task are read as one setting:
when one of them is judged present and the other is not, the other is *folded into it*. It is reported as a part
(never as missing) with `folded_into` naming its host ("situation" for a folded task), its sentence the host
sentence most like it, its probability the host's, and a share of 0 (its words are the host's). A sentence may then
belong to two parts: `labels` gives its host part, and the folded part lists it in `sentences`. Situation or Task
is reported missing only when both are. The price, measured in `bench/eval_star.py`: an answer whose situation is
there but whose task is truly absent (or the reverse) is not told so.

`confident_missing` lists the missing parts whose probability is below that part's `probe_below` threshold in
the model: low enough to ask for the part outright ("What was the result?"). The fit sets it per part as the highest
probability under which the part was truly absent in at least 95% of held-out cases (`star_fit.PROBE_PRECISION`);
a part with no such threshold is never probed.

`score` (0-100) is the mean over the four parts of their probability of being present (a folded part counts with
its host's probability): the structure score whose strong-against-weak AUC `bench/eval_star.py` reports.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .star_features import PARTS, cue_scores, sentence_features
from .text import Sentence, tokens

__all__ = ["PARTS", "PRESENT_AT", "StarAnalysis", "StarModel", "StarPart", "analyze_star",
           "cue_scores", "label_sentences", "load_model"]

MODEL_PATH = Path(__file__).with_name("star_model.json")
PRESENT_AT = 0.5    # a part whose calibrated probability of being present is below this is reported missing

_QUANTIFIED = re.compile(
    r"\b\d+(\.\d+)?\s?(%|percent|x\b|times\b|hours?|days?|weeks?|months?|years?|minutes?|k\b|million|billion|"
    r"users|customers|people|engineers|points?)|\$\s?\d|\b(doubled|tripled|halved)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|hundred|thousand)\s(percent|hours|days|weeks|months|users|customers|engineers|people)",
    re.IGNORECASE)


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


def presence_features(proba: np.ndarray, order: np.ndarray, labels: list[str]) -> dict[str, list[float]]:
    """What the sentence step found about each part, as the presence model's inputs (one list per part): its highest
    probability in any sentence, its summed probability, whether the ordered labelling used it, and how much less
    likely the best ordered labelling becomes when the part is not allowed at all."""
    n = proba.shape[0]
    best = best_path_score(order, PARTS)
    out = {}
    for k, part in enumerate(PARTS):
        column = proba[:, k]
        assigned = [p for p, label in zip(column, labels) if label == part]
        without = best_path_score(order, tuple(p for p in PARTS if p != part))
        out[part] = [float(column.max()), min(3.0, float(column.sum())) / 3, 1.0 if assigned else 0.0,
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
        self.presence_coef = {p: np.asarray(data["presence"][p]["coef"], dtype=np.float64) for p in PARTS}
        self.presence_intercept = {p: float(data["presence"][p]["intercept"]) for p in PARTS}
        self.probe_below = {p: float(data["presence"][p].get("probe_below", 0.0)) for p in PARTS}

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
        out = {}
        for part in PARTS:
            z = self.presence_intercept[part] + float(np.dot(self.presence_coef[part], features[part]))
            out[part] = 1.0 / (1.0 + math.exp(-z))
        return out


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


def _decide(texts: list[str], model: StarModel):
    """labels, presence, present parts (ordered), folded {part: host part}, proba."""
    proba = model.proba(texts)
    order = model.for_order(proba)
    free = viterbi(order)
    presence = model.presence(proba, order, free)
    present = tuple(p for p in PARTS if presence[p] >= PRESENT_AT)
    if not present:
        return [None] * len(texts), presence, present, {}, proba
    labels = viterbi(order, present)
    folded: dict[str, str] = {}
    for part in present:
        if part not in labels:  # present, but no sentence is more this part than another: shown on its best one
            best = int(np.argmax(proba[:, PARTS.index(part)]))
            folded[part] = labels[best]
    if "task" not in present and "situation" in present:
        folded["task"] = "situation"
    elif "situation" not in present and "task" in present:
        folded["situation"] = "task"
    return labels, presence, present, folded, proba


def analyze_star(sentences: list[Sentence], model: StarModel | None = None) -> StarAnalysis:
    model = model or load_model()
    texts = [s.text for s in sentences]
    labels, presence, present, folded, proba = _decide(texts, model)
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
    thin = tuple(p for p, low in (("action", 0.3), ("result", 0.08), ("situation", 0.05)) if p in shares and shares[p] < low)
    action_tokens = tokens(" ".join(p.text for p in parts if p.part == "action"))
    result_text = " ".join(p.text for p in parts if p.part == "result")
    return StarAnalysis(
        labels=tuple(labels),
        parts=tuple(parts),
        missing=missing,
        thin=thin,
        action_i=sum(1 for t in action_tokens if t in {"i", "i'm", "i've", "i'd", "me", "my"}),
        action_we=sum(1 for t in action_tokens if t in {"we", "we're", "we've", "we'd", "us", "our"}),
        result_quantified=bool(_QUANTIFIED.search(result_text)),
        ends_on_result=bool(labels) and labels[-1] == "result",
        presence={p: round(v, 3) for p, v in presence.items()},
        confident_missing=tuple(p for p in missing if presence[p] < model.probe_below[p]),
        score=round(score, 1),
    )
