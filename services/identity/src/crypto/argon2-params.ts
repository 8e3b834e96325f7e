/** argon2id cost parameters, read by config.ts and used by the password hasher (a file of its own, so neither imports the other). */
export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}
