export * from './delay-queue.js';
export * from './in-process-delay-queue.js';
export * from './bull-delay-queue.js';
export * from './queue-factory.js';
