// Environment variables in tests: set for a test file, unset again afterwards.

/**
 * Unsets `names` in process.env. Deleting is the only way to: assigning undefined to an entry
 * stores the string "undefined".
 */
export function unsetEnv(...names: string[]): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- process.env cannot be swapped for a Map; deleting an entry is how a variable is unset
  for (const name of names) delete process.env[name];
}
