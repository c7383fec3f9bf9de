import { describe, expect, it } from 'vitest'
import { newestFirst, parsePushLines } from '../../src/git/push.js'
import type { LoggedCommit } from '../../src/types.js'

const id = (c: string) => c.repeat(40)
const commit = (c: string, ...parents: string[]): LoggedCommit => ({
  id: id(c),
  parents: parents.map(id),
  entries: [],
})

describe('newestFirst', () => {
  it('puts every commit before its parents across joined walks', () => {
    // Two walks joined as listed: main's a<-b<-c, then topic's d<-e on top of c.
    const joined = [
      commit('c', 'b'),
      commit('b', 'a'),
      commit('a'),
      commit('e', 'd'),
      commit('d', 'c'),
    ]
    expect(newestFirst(joined).map((c) => c.id[0])).toEqual(['e', 'd', 'c', 'b', 'a'])
  })

  it('keeps unrelated lines in the order listed and a merge before both parents', () => {
    const list = [
      commit('m', 'x', 'y'),
      commit('x', 'b'),
      commit('y', 'b'),
      commit('b'),
      commit('z'),
    ]
    const order = newestFirst(list).map((c) => c.id[0])
    expect(order).toHaveLength(5)
    for (const c of list) {
      for (const parent of c.parents) {
        expect(order.indexOf(c.id[0])).toBeLessThan(order.indexOf(parent[0]))
      }
    }
    expect(order[0]).toBe('m')
  })
})

describe('parsePushLines', () => {
  it('reads git pre-push lines as updates of the remote ref', () => {
    const zero = '0'.repeat(40)
    expect(
      parsePushLines(
        `refs/heads/main ${id('b')} refs/heads/main ${id('a')}\n(delete) ${zero} refs/heads/old ${id('c')}\n`,
      ),
    ).toEqual([
      { old: id('a'), new: id('b'), ref: 'refs/heads/main' },
      { old: id('c'), new: zero, ref: 'refs/heads/old' },
    ])
  })

  it.each([
    'refs/heads/main abc refs/heads/main def',
    'one two three',
    `a ${id('a')} b ${id('b')} c`,
  ])('refuses %j with a --pre-push usage error', (line) => {
    expect(() => parsePushLines(`${line}\n`)).toThrow(/^--pre-push: not a/)
  })
})
