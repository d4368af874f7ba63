/** A value a user gave (an action input, a `codex-args` string) that cannot be used; its message says what would be accepted. */
export class InputError extends Error {}
