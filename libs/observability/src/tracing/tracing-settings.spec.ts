import { spanQueue, tracingSettings } from './index';

describe('tracingSettings', () => {
  it('is off without an OTLP endpoint, or when the SDK is disabled', () => {
    expect(tracingSettings('indicators', {})).toEqual({ serviceName: 'indicators' });
    expect(
      tracingSettings('indicators', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toEqual({ serviceName: 'indicators' });
  });

  it('takes the traces endpoint before the general one, and OTEL_SERVICE_NAME before the service’s name', () => {
    expect(
      tracingSettings('tasks', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.vn/v1/traces',
        OTEL_SERVICE_NAME: 'dxhub-tasks',
      }),
    ).toEqual({ endpoint: 'https://traces.example.vn/v1/traces', serviceName: 'dxhub-tasks' });
  });

  it('names the variable when the endpoint is not an http(s) URL', () => {
    expect(() => tracingSettings('tasks', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toThrow(
      /^OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
    expect(() => tracingSettings('tasks', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).toThrow(
      /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be an http\(s\) URL, got 'not a url'/,
    );
  });
});

describe('spanQueue', () => {
  it('holds a consumed batch’s spans unless OTEL_BSP_MAX_QUEUE_SIZE says otherwise', () => {
    expect(spanQueue({})).toEqual({ maxQueueSize: 16_384 });
    expect(spanQueue({ OTEL_BSP_MAX_QUEUE_SIZE: '4096' })).toEqual({});
  });
});
