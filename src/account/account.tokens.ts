/** The subscriber pages' services (account.composition.ts), as one injection token. */
export const ACCOUNT_SERVICES = Symbol('AccountServices');
