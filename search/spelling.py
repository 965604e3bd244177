"""Typo tolerance: a word the site never uses is also searched as the nearest word it does use.

The same on both databases, so that a search finds the same pages on SQLite and PostgreSQL. The
vocabulary is every word of the index, the synonyms and the treatments we do not offer. Nearest
means fewest edits, a swap of two letters counting as one ("hiar" is "hair"), then the most used:
one edit for words of five letters or fewer, two for longer ones. Candidates are found through a
table of each word with one letter left out, so a search compares a few words, not thousands.
"""

from collections import Counter


def _deletions(word):
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edits(a, b):
    """Optimal string alignment distance: insertions, deletions, changes and swaps of neighbours."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary:
    """The words patients may mean, with how often the site uses each."""

    MIN_LENGTH = 4  # shorter words have too many neighbours to guess from

    def __init__(self, counts):
        self.counts = Counter(counts)
        self.near = {}
        for word in self.counts:
            for key in _deletions(word) | {word}:
                self.near.setdefault(key, set()).add(word)

    def __contains__(self, word):
        return word in self.counts

    def nearest(self, word):
        """The word the site uses that `word` most likely means: itself when the site uses it or when
        nothing is near enough."""
        if word in self.counts or len(word) < self.MIN_LENGTH or word.isdigit():
            return word
        allowed = 1 if len(word) <= 5 else 2
        candidates = set().union(*(self.near.get(key, ()) for key in _deletions(word) | {word}))
        scored = [(edits(word, candidate), -self.counts[candidate], candidate) for candidate in candidates]
        scored = [item for item in scored if item[0] <= allowed]
        return min(scored)[2] if scored else word
