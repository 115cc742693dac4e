/**
 * `GET /__monitor/metrics`: the record in Prometheus' text exposition format (version 0.0.4):
 * exchanges by family, operation and status; violations by family, operation and rule; exchanges
 * not judged, by reason; the judging latency as a histogram.
 */
import { JUDGE_BUCKETS, type Ledger } from './record.ts';

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function metricsText(record: Ledger): string {
  const lines: string[] = [];
  lines.push(
    '# HELP device_commands_monitor_exchanges_total Exchanges forwarded, by family, operation and status.',
    '# TYPE device_commands_monitor_exchanges_total counter',
  );
  for (const [key, count] of record.exchanges) {
    const [family = '', operation = '', status = ''] = key.split('|');
    lines.push(
      `device_commands_monitor_exchanges_total{family="${label(family)}",operation="${label(operation)}",status="${status}"} ${count}`,
    );
  }
  lines.push(
    '# HELP device_commands_monitor_violations_total Contract violations, by family, operation and rule.',
    '# TYPE device_commands_monitor_violations_total counter',
  );
  for (const v of record.violations.values())
    lines.push(
      `device_commands_monitor_violations_total{family="${label(v.family)}",operation="${label(v.operation)}",rule="${label(v.rule)}"} ${v.count}`,
    );
  lines.push(
    '# HELP device_commands_monitor_unjudged_total Exchanges forwarded but not (wholly) judged, by reason.',
    '# TYPE device_commands_monitor_unjudged_total counter',
    `device_commands_monitor_unjudged_total{reason="not sampled"} ${record.notSampled}`,
  );
  for (const [reason, count] of record.unjudged)
    lines.push(`device_commands_monitor_unjudged_total{reason="${label(reason)}"} ${count}`);
  lines.push(
    '# HELP device_commands_monitor_judge_seconds Time spent judging one exchange, off the request path.',
    '# TYPE device_commands_monitor_judge_seconds histogram',
  );
  JUDGE_BUCKETS.forEach((le, i) => {
    lines.push(`device_commands_monitor_judge_seconds_bucket{le="${le}"} ${record.judgeBuckets[i]}`);
  });
  lines.push(
    `device_commands_monitor_judge_seconds_bucket{le="+Inf"} ${record.judgeCount}`,
    `device_commands_monitor_judge_seconds_sum ${record.judgeSeconds}`,
    `device_commands_monitor_judge_seconds_count ${record.judgeCount}`,
  );
  return `${lines.join('\n')}\n`;
}
