/** The name of the delivery queue (Bull's queue name, and its DelayQueue token's). */
export const DELIVERY_QUEUE = 'deliveries';
