// ESLint rule dxhub/no-new-date: feature code reads the time from the one injected Clock (@dxhub/calendar), so a
// test can set it and every part of a request sees the same instant (issue 18). `new Date()` with no argument reads
// the wall clock behind the Clock's back; `new Date(value)` only converts and stays allowed. eslint.config.mjs says
// where the rule applies (apps' and libs' sources, except the Clock itself, migrations and tests).
//
// Date.now() is left alone on purpose: in this code base it measures durations and deadlines of I/O (timeouts,
// latencies, backoff), not the business "now" the Clock stands for.
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid `new Date()` without arguments: inject Clock (@dxhub/calendar)' },
    schema: [],
    messages: { newDate: 'Inject Clock (@dxhub/calendar) instead of new Date()' },
  },
  create(context) {
    return {
      NewExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0) {
          context.report({ node, messageId: 'newDate' });
        }
      },
    };
  },
};
