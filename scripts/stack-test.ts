// Kept for callers that import the test stack by path; the code lives in @jowi/stack/testing.
export * from '@jowi/stack/testing';
