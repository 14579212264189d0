/** Injection tokens of the narrative module's store and the editors' approvals. */
export const NARRATIVE_STORE = Symbol('NarrativeStore');
/** NarrativeApprovals: Content QA and the operator API decide; delivery subscribes to releases. */
export const NARRATIVE_APPROVALS = Symbol('NarrativeApprovals');
