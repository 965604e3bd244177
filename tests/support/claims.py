"""The claims checker's findings on a text, as rule ids."""

from editorial import claims


def rule_ids(text):
    return [finding.rule.id for finding in claims.check_text(text)]
