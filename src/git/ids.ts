/** A full object id: SHA-1 (40 hex digits) or SHA-256 (64). */
export const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/

/** An all-zero id: git's "no object" (a ref created or deleted, a CI's first-push "before"). */
export const ZERO_ID = /^0+$/
