import { v7, validate } from 'uuid';

/** A new time-ordered UUID (v7): ids sort by creation, which keeps B-tree inserts local. */
export const newId = (): string => v7();

/** Whether `value` is a UUID in canonical form. */
export const isUuid = (value: string): boolean => validate(value);
