// Integration tests wait on a real broker and database (consumer group joins take seconds).
// `testTimeout` is a global Jest option, so the per-project limit is set here.
jest.setTimeout(Number(process.env.INTEGRATION_TEST_TIMEOUT_MS ?? 120000));
