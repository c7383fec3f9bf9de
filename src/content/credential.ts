import type { ContentCheck } from '../rules/categories.js'
import { detectFormat, isPlaceholder } from './secrets.js'

/**
 * The cheap look at an ambiguous credential file's staged blob. `*.pem`, `*.key` and `*.asc`
 * offend only with a private key in them (a certificate, a public key or a signature passes);
 * `.npmrc` and `.pypirc` only with a literal token or password (an `${NPM_TOKEN}` reference
 * passes, and so does this repository's own `.npmrc`, which only sets `loglevel`).
 */

/** PEM (`RSA`, `EC`, `OPENSSH`, `ENCRYPTED` …), OpenPGP armor (`PGP PRIVATE KEY BLOCK`), PuTTY. */
const PRIVATE_KEY =
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|^PuTTY-User-Key-File-\d+:/m

/**
 * Both files are INI, where a line starting with `;` or `#` is a comment. A commented-out token
 * is committed all the same, so such lines are read too.
 */
const COMMENT = String.raw`(?:[;#][ \t]*)*`

/** npm config: `_authToken`, `_auth` or `_password`, optionally scoped `//registry/:`. */
const NPM_AUTH = new RegExp(
  String.raw`^[ \t]*(${COMMENT})(?:\/\/[^\s=]*:)?_(?:authToken|auth|password)[ \t]*=[ \t]*(.*)$`,
  'gim',
)

/** .pypirc (INI): `password = …` in any section. Blanks never span lines: an empty value stays empty. */
const PYPI_PASSWORD = new RegExp(
  String.raw`^[ \t]*(${COMMENT})password[ \t]*[=:][ \t]*(.*)$`,
  'gim',
)

function hasLiteralValue(text: string, pattern: RegExp): boolean {
  for (const match of text.matchAll(pattern)) {
    const commented = (match[1] ?? '') !== ''
    const value = (match[2] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2')
    // A token never holds a space: on a comment line, `_authToken = the one from npmjs.com` is prose.
    if (commented && /\s/.test(value)) continue
    if (!isPlaceholder(value)) return true
  }
  return false
}

/** A known token format (`npm_…`, `pypi-…`) on any line, under any key or in a comment. */
const holdsKnownFormat = (text: string) => text.split('\n').some((line) => detectFormat(line))

export function contentOffends(check: ContentCheck, text: string): boolean {
  switch (check) {
    case 'private-key':
      return PRIVATE_KEY.test(text)
    case 'npm-auth':
      return hasLiteralValue(text, NPM_AUTH) || holdsKnownFormat(text)
    case 'pypi-password':
      return hasLiteralValue(text, PYPI_PASSWORD) || holdsKnownFormat(text)
  }
}
