import { BadRequestException } from '@nestjs/common';
import { ZodError, type z } from 'zod';

/** Parses outside input; a bad one becomes a 400 listing every problem, changing nothing. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequestException(describeZodError(parsed.error));
  return parsed.data;
}

/** Runs a use case, turning validation errors raised inside it into 400s. */
export async function orBadRequest<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ZodError) throw new BadRequestException(describeZodError(err));
    throw err;
  }
}

export function describeZodError(err: ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
}
