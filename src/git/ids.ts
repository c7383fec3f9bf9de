/** The hexadecimal digits of a full object id: SHA-1 (40) or SHA-256 (64), unanchored. */
export const OBJECT_ID_DIGITS = '[0-9a-f]{40}(?:[0-9a-f]{24})?'

/** A full object id, and nothing else. */
export const OBJECT_ID = new RegExp(`^${OBJECT_ID_DIGITS}$`)

/** An all-zero id: git's "no object" (a ref created or deleted, a CI's first-push "before"). */
export const ZERO_ID = /^0+$/
