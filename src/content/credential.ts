import type { ContentCheck } from '../rules/categories.js'
import { detectFormat, isPlaceholder } from './secrets.js'

/*
 * The cheap look at an ambiguous credential file's staged blob. `*.pem`, `*.key`, `*.asc`,
 * `*.gpg` and `*.pgp` offend only with a private key in them (a certificate, a public key, a
 * signature or an encrypted file passes); `.npmrc` and `.pypirc` only with a literal token or
 * password (an `${NPM_TOKEN}` reference passes, and so does this repository's own `.npmrc`,
 * which only sets `loglevel`).
 */

/**
 * PEM (`RSA`, `EC`, `OPENSSH`, `ENCRYPTED` …), OpenPGP armor (`PGP PRIVATE KEY BLOCK`), PuTTY,
 * and GnuPG's own `private-keys-v1.d/*.key` (an S-expression, canonical or extended format).
 */
const PRIVATE_KEY =
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|^PuTTY-User-Key-File-\d+:|^(?:Key: *)?\((?:\d+:)?(?:protected-)?private-key[\s(]/m

/** The OpenPGP packet tag of a secret (primary) key. */
const SECRET_KEY_TAG = 5

/**
 * A binary OpenPGP export that starts with a secret-key packet (`gpg --export-secret-keys`, an
 * old `secring.gpg`), read from the packet header: new format `0xC5`, or old format with tag 5,
 * then the length octets, then a key version from 3 to 6. An encrypted file or a public key
 * starts with another packet and passes. `text` is the blob read as latin1, one char a byte.
 */
function isBinarySecretKey(text: string): boolean {
  const first = text.charCodeAt(0)
  let lengthOctets: number
  if ((first & 0xc0) === 0xc0) {
    if ((first & 0x3f) !== SECRET_KEY_TAG) return false
    const length = text.charCodeAt(1)
    // A key packet never has a partial length (224-254).
    lengthOctets = length < 192 ? 1 : length < 224 ? 2 : length === 255 ? 5 : 0
  } else if ((first & 0xc0) === 0x80) {
    if (((first >> 2) & 0x0f) !== SECRET_KEY_TAG) return false
    lengthOctets = [1, 2, 4, 0][first & 0x03] ?? 0
  } else return false
  const version = text.charCodeAt(1 + lengthOctets)
  return lengthOctets > 0 && version >= 3 && version <= 6
}

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
    case 'openpgp-secret-key':
      return PRIVATE_KEY.test(text) || isBinarySecretKey(text)
    case 'npm-auth':
      return hasLiteralValue(text, NPM_AUTH) || holdsKnownFormat(text)
    case 'pypi-password':
      return hasLiteralValue(text, PYPI_PASSWORD) || holdsKnownFormat(text)
  }
}
