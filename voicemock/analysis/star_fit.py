"""Fitting the STAR model from the labelled published answers (scikit-learn; only `scripts/fit_star.py`, the bench and
the tests import this module, never the app).

The data are `star-train.jsonl` and `star-dev.jsonl` of the shared evaluation folder: real answers whose pages mark
their own Situation/Task/Action/Result spans. Each sentence of an answer takes the part of the labelled span that
contains it (or that it contains); sentences no span covers (a "what I learned" coda, say) are not trained on.
Everything here is deterministic: the same data give the same model, number for number.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from .star import PRESENCE_GROUPS, PRESENT_AT, StarModel, presence_features, viterbi
from .star_features import PARTS, is_vocabulary, sentence_features
from .text import split_sentences

DATA_FILES = ("star-train.jsonl", "star-dev.jsonl")
MIN_DF = 2  # a word, bigram or opening enters the vocabulary when at least this many training sentences have it
C_GRID = (0.3, 1.0, 3.0)  # inverse regularisation of the sentence model, chosen by grouped inner CV
INNER_FOLDS = 5
T_GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(51))  # temperatures 0.5..3.0
PRESENCE_C = 1.0
PROBE_PRECISION = 0.95  # a missing part is asked for outright only below a probability this reliable on held-out answers
DIGITS = 6  # coefficients are rounded to this many decimals before use, so the file and the fit agree exactly


@dataclass
class Answer:
    id: str
    source: str
    quality: str
    question: str
    sentences: list[str]
    gold: list[str | None]  # per sentence; None where no labelled span covers it
    parts: set[str] = field(default_factory=set)  # the parts the page labels (empty: not labelled)

    @property
    def labelled(self) -> bool:
        return bool(self.parts)


def source_of(url: str) -> str:
    """The source of an answer: its web host, or owner/repository for GitHub (one repository is one author)."""
    parsed = urlparse(url)
    host = parsed.netloc.lower()
    if host == "github.com":
        return "github.com/" + "/".join(parsed.path.strip("/").split("/")[:2])
    return host


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def gold_labels(labels: list[dict], sentences: list[str]) -> list[str | None]:
    """Per sentence, the labelled part whose span contains it or is contained in it (the longest such overlap)."""
    spans = [(l["part"].lower(), _norm(l["text"])) for l in labels or ()]
    out = []
    for sentence in sentences:
        s = _norm(sentence)
        hits = [(min(len(s), len(span)), part) for part, span in spans if s and span and (s in span or span in s)]
        out.append(max(hits)[1] if hits else None)
    return out


def load_answers(eval_dir: Path) -> list[Answer]:
    answers = []
    for name in DATA_FILES:
        for line in (Path(eval_dir) / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            sentences = split_sentences(row["answer"])
            labels = row.get("labels") or []
            answers.append(Answer(
                id=row["id"], source=source_of(row["source_url"]), quality=row.get("quality") or "unknown",
                question=row.get("question") or "", sentences=sentences, gold=gold_labels(labels, sentences),
                parts={l["part"].lower() for l in labels if l["part"].lower() in PARTS}))
    return answers


def data_digest(eval_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update((Path(eval_dir) / name).read_bytes())
    return digest.hexdigest()


def variants(answer: Answer) -> list[tuple[list[str], set[str], tuple[str, ...]]]:
    """The answer as published, and versions with one, two or three labelled parts left out (their sentences removed, and
    the sentences no label covers with them): (sentences, parts truly present, parts left out)."""
    full_truth = answer.parts | {g for g in answer.gold if g}
    out = [(answer.sentences, full_truth, ())]
    covered = [(s, g) for s, g in zip(answer.sentences, answer.gold) if g]
    present = sorted({g for _, g in covered}, key=PARTS.index)
    for size in (1, 2, 3):
        for drop in combinations(present, size):
            kept = [(s, g) for s, g in covered if g not in drop]
            if kept:
                out.append(([s for s, _ in kept], {g for _, g in kept}, drop))
    return out


def _round(values) -> list:
    return np.round(np.asarray(values, dtype=np.float64), DIGITS).tolist()


def fit_sentences(answers: list[Answer], C: float) -> dict:
    """A multinomial logistic regression from sentence features to parts, on the covered sentences."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    rows = [(f, g) for a in answers for f, g in zip(sentence_features(a.sentences), a.gold) if g]
    df = Counter(name for f, _ in rows for name in f if is_vocabulary(name))
    names = sorted({n for f, _ in rows for n in f if not is_vocabulary(n)} | {n for n, c in df.items() if c >= MIN_DF})
    index = {n: i for i, n in enumerate(names)}
    data, cols, ptr = [], [], [0]
    for f, _ in rows:
        for name in sorted(f):
            if name in index:
                cols.append(index[name])
                data.append(f[name])
        ptr.append(len(cols))
    X = csr_matrix((data, cols, ptr), shape=(len(rows), len(names)))
    y = np.array([PARTS.index(g) for _, g in rows])
    # Each source counts once, however many answers it gives (one repository gives 33, most sites one).
    per_source = Counter(a.source for a in answers for g in a.gold if g)
    weights = np.array([1.0 / per_source[a.source] ** 1.0 for a in answers for g in a.gold if g])
    weights *= len(weights) / weights.sum()
    with threadpool_limits(1):
        model = LogisticRegression(C=C, max_iter=10000, tol=1e-8).fit(X, y, sample_weight=weights)
    assert list(model.classes_) == list(range(len(PARTS)))
    prior = np.bincount(y, minlength=len(PARTS)) / len(y)
    return {"features": names, "coef": _round(model.coef_), "intercept": _round(model.intercept_), "temperature": 1.0,
            "prior": _round(prior),
            "presence": {g: {"coef": [0.0] * 5, "intercept": 0.0} for g in PRESENCE_GROUPS}}


def _inner_folds(answers: list[Answer], k: int) -> list[list[int]]:
    """Answers grouped by source into k folds, deterministically (largest sources first, each to the lightest fold)."""
    sizes = Counter(a.source for a in answers)
    folds: list[list[str]] = [[] for _ in range(k)]
    load = [0] * k
    for source, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        j = min(range(k), key=lambda i: (load[i], i))
        folds[j].append(source)
        load[j] += size
    return [[i for i, a in enumerate(answers) if a.source in fold] for fold in folds if fold]


def _accuracy(model: StarModel, answers: list[Answer]) -> tuple[int, int]:
    right = total = 0
    for a in answers:
        labels = viterbi(model.for_order(model.proba(a.sentences)))
        for want, got in zip(a.gold, labels):
            if want:
                total += 1
                right += want == got
    return right, total


def fit(answers: list[Answer], log=None) -> dict:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # many small fits: threads only fight each other (100x slower on 2 shared cores)
        return _fit(answers, log)


def _fit(answers: list[Answer], log=None) -> dict:
    """The whole model from these answers (only labelled ones are used): C by grouped inner cross-validation,
    the temperature and the presence models on the inner folds' held-out predictions, then the sentence model
    again on everything."""
    from sklearn.linear_model import LogisticRegression

    labelled = [a for a in answers if a.labelled]
    folds = _inner_folds(labelled, INNER_FOLDS)
    held_out: dict[float, list[tuple[int, dict]]] = {}
    scores = {}
    for C in C_GRID:
        right = total = 0
        held_out[C] = []
        for fold in folds:
            train = [a for i, a in enumerate(labelled) if i not in fold]
            model = fit_sentences(train, C)
            r, t = _accuracy(StarModel(model), [labelled[i] for i in fold])
            right, total = right + r, total + t
            held_out[C] += [(i, model) for i in fold]
        scores[C] = right / total
    C = max(C_GRID, key=lambda c: (round(scores[c], 6), -c))
    if log:
        log(f"inner CV sentence accuracy by C: {scores}; chosen C={C}")
    # Temperature: the one that makes the held-out sentence probabilities most likely.
    logits, truth = [], []
    for i, model in held_out[C]:
        answer = labelled[i]
        z = StarModel(model).logits(answer.sentences)
        for row, want in zip(z, answer.gold):
            if want:
                logits.append(row)
                truth.append(PARTS.index(want))
    logits_arr, truth_arr = np.array(logits), np.array(truth)

    def nll(t: float) -> float:
        z = logits_arr / t
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(z)), truth_arr] - np.log(np.exp(z).sum(axis=1))).sum())

    temperature = min(T_GRID, key=nll)
    # Presence: per group (the setting, the action, the result), held-out features of every variant against whether
    # the group is there (the setting: the situation or the task).
    features: dict[str, list[list[float]]] = {g: [] for g in PRESENCE_GROUPS}
    targets: dict[str, list[int]] = {g: [] for g in PRESENCE_GROUPS}
    sources: list[str] = []
    for i, model in held_out[C]:
        inner = StarModel({**model, "temperature": temperature})
        for sentences, present, _ in variants(labelled[i]):
            proba = inner.proba(sentences)
            order = inner.for_order(proba)
            found = presence_features(proba, order, viterbi(order))
            sources.append(labelled[i].source)
            for g, members in PRESENCE_GROUPS.items():
                features[g].append(found[g])
                targets[g].append(int(bool(present & set(members))))
    rows_per_source = Counter(sources)
    weights = np.array([1.0 / rows_per_source[s] for s in sources])  # each source counts once here too
    weights *= len(weights) / weights.sum()
    # The probe thresholds are set on presence probabilities that are themselves held out: for each inner fold, the
    # presence model fitted on the other folds' sources judges this fold's variants (nested by source).
    fold_of = {labelled[i].source: k for k, fold in enumerate(folds) for i in fold}
    row_fold = np.array([fold_of[s] for s in sources])
    presence = {}
    for p in PRESENCE_GROUPS:
        X, y = np.array(features[p]), np.array(targets[p])
        held = np.full(len(y), np.nan)  # a fold whose complement lacks one class keeps no held-out judgement
        for k in range(len(folds)):
            out = row_fold == k
            if out.all() or len(set(y[~out])) < 2:
                continue
            inner_lr = LogisticRegression(C=PRESENCE_C, max_iter=10000, tol=1e-8).fit(
                X[~out], y[~out], sample_weight=weights[~out])
            held[out] = inner_lr.predict_proba(X[out])[:, 1]
        lr = LogisticRegression(C=PRESENCE_C, max_iter=10000, tol=1e-8).fit(X, y, sample_weight=weights)
        presence[p] = {"coef": _round(lr.coef_[0]), "intercept": _round(lr.intercept_)[0],
                       "probe_below": _probe_threshold(held[~np.isnan(held)], y[~np.isnan(held)].tolist())}
    final = fit_sentences(labelled, C)
    final["temperature"] = temperature
    final["presence"] = presence
    final["fit"] = {"C": C, "inner_cv_sentence_accuracy": {str(c): round(s, 4) for c, s in scores.items()},
                    "answers": len(labelled), "sentences": sum(1 for a in labelled for g in a.gold if g),
                    "sources": len({a.source for a in labelled})}
    return final


def _probe_threshold(probability: np.ndarray, present: list[int]) -> float:
    """The highest presence probability under which the part was truly absent in at least PROBE_PRECISION of the
    held-out cases (0: no such threshold, never probe)."""
    order = np.argsort(probability, kind="stable")
    absent = 1 - np.asarray(present)[order]
    precision = np.cumsum(absent) / np.arange(1, len(order) + 1)
    good = [i for i in range(len(order)) if precision[i] >= PROBE_PRECISION and i + 1 < len(order)
            and probability[order[i + 1]] > probability[order[i]]]
    if not good:
        return 0.0
    i = max(good)
    return round(float(min(PRESENT_AT, (probability[order[i]] + probability[order[i + 1]]) / 2)), DIGITS)


def model_json(model: dict) -> str:
    return json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n"
