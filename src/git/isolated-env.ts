/**
 * An environment for git in a repository of our own (the demo): without the caller's GIT_*
 * variables, which inside a hook point at the user's repository and index.
 */
export function withoutGitVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^GIT_/i.test(key)))
}
