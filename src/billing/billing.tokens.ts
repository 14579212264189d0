/** Every service of the billing module as built by createBillingServices. */
export const BILLING_SERVICES = Symbol('BillingServices');
