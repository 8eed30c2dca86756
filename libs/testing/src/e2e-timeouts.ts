// End-to-end tests start the whole platform as a user would; a first start may download the broker.
jest.setTimeout(Number(process.env.E2E_TEST_TIMEOUT_MS ?? 600000));
