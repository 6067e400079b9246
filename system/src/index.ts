export * from './infra.ts';
export * from './stack.ts';
