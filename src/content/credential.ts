import type { ContentCheck } from '../rules/categories.js'
import { isPlaceholder } from './secrets.js'

/**
 * The cheap look at an ambiguous credential file's staged blob. `*.pem` and `*.key` offend only
 * with a private key in them (a public certificate passes); `.npmrc` and `.pypirc` only with
 * a literal token or password (an `${NPM_TOKEN}` reference passes, and so does this
 * repository's own `.npmrc`, which only sets `loglevel`).
 */
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|^PuTTY-User-Key-File-\d+:/m

/** npm config: `_authToken`, `_auth` or `_password`, optionally scoped `//registry/:`. */
const NPM_AUTH = /^\s*(?:\/\/[^\s=]*:)?_(?:authToken|auth|password)\s*=\s*(.*)$/gim

/** .pypirc (INI): `password = …` in any section. */
const PYPI_PASSWORD = /^\s*password\s*[=:]\s*(.*)$/gim

function hasLiteralValue(text: string, pattern: RegExp): boolean {
  for (const match of text.matchAll(pattern)) {
    const value = (match[1] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2')
    if (!isPlaceholder(value)) return true
  }
  return false
}

export function contentOffends(check: ContentCheck, text: string): boolean {
  switch (check) {
    case 'private-key':
      return PRIVATE_KEY.test(text)
    case 'npm-auth':
      return hasLiteralValue(text, NPM_AUTH)
    case 'pypi-password':
      return hasLiteralValue(text, PYPI_PASSWORD)
  }
}
