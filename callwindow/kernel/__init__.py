"""The decision kernel: every part of a decision written once, read by the
scalar walk (callwindow.policy, single checks in microseconds) and the vector
driver (callwindow.batch.engine, arrays of millions of rows).

- context: which rules apply (RuleSet) and their compiled UTC days (Context, Tag)
- facts: what a set of closing tags means (SegmentFacts), the notes a contact carries, reason masks
- answer: the answer predicates (allowed, within the horizon, text instead, action)
- explain: the wording of every reason
- contact_history: what a contact's history changes (opt-outs, consent, callbacks, redial, asks, caps)
"""
