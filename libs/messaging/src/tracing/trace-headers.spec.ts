import { TraceFlags } from '@opentelemetry/api';
import { contextOfStored, spanContextOfHeaders, traceHeadersOf } from './trace-headers';
import { trace } from '@opentelemetry/api';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('trace context in ce_traceparent / ce_tracestate headers', () => {
  it('reads the remote span context of a record, with its tracestate', () => {
    expect(spanContextOfHeaders({ ce_traceparent: TRACEPARENT, ce_tracestate: 'vendor=abc,other=1' })).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const withState = spanContextOfHeaders({ ce_traceparent: TRACEPARENT, ce_tracestate: 'vendor=abc,other=1' });
    expect(withState?.traceState?.serialize()).toBe('vendor=abc,other=1');
  });

  it('ignores what is not a W3C traceparent, and headers without the ce_ prefix', () => {
    for (const bad of [
      'not a traceparent',
      `00-${'0'.repeat(32)}-${SPAN_ID}-01`, // all-zero trace id
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`, // all-zero span id
      `ff-${TRACE_ID}-${SPAN_ID}-01`, // version ff is forbidden
      `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
      '',
    ]) {
      expect(spanContextOfHeaders({ ce_traceparent: bad })).toBeUndefined();
    }
    expect(spanContextOfHeaders({ traceparent: TRACEPARENT })).toBeUndefined();
    expect(spanContextOfHeaders({})).toBeUndefined();
  });

  it('writes ce_traceparent, and ce_tracestate only when there is one', () => {
    const context = spanContextOfHeaders({ ce_traceparent: TRACEPARENT })!;
    expect(traceHeadersOf(context)).toEqual({ ce_traceparent: TRACEPARENT });
    const stated = spanContextOfHeaders({ ce_traceparent: TRACEPARENT, ce_tracestate: 'vendor=abc' })!;
    expect(traceHeadersOf(stated)).toEqual({ ce_traceparent: TRACEPARENT, ce_tracestate: 'vendor=abc' });
    const unsampled = spanContextOfHeaders({ ce_traceparent: `00-${TRACE_ID}-${SPAN_ID}-00` })!;
    expect(traceHeadersOf(unsampled)).toEqual({ ce_traceparent: `00-${TRACE_ID}-${SPAN_ID}-00` });
  });

  it('writes nothing for an invalid span context', () => {
    expect(traceHeadersOf({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })).toEqual({});
  });

  it('turns an outbox row’s stored columns back into the context it was written in', () => {
    const context = contextOfStored(TRACEPARENT, 'vendor=abc');
    expect(trace.getSpanContext(context!)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(contextOfStored(null, null)).toBeUndefined();
    expect(contextOfStored('garbage')).toBeUndefined();
  });
});
