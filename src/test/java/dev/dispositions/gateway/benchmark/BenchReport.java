package dev.dispositions.gateway.benchmark;

import java.util.List;
import java.util.Map;

/** The HTTP load benchmark's table, as the README quotes it: one row per run and the medians. */
final class BenchReport {
    private BenchReport() {
    }

    static String markdown(Map<String, Object> report, List<Map<String, Object>> runs, Map<String, Object> medians) {
        StringBuilder md = new StringBuilder("| run | ceiling/s | accepted/s | ratio | p50 ms | p99 ms | delivered/s | CRM requests per 1,000"
                + " (Salesforce / HubSpot / Bullhorn) | delivery p99 s | drain s | CPU ms/event | peak RSS MB | disk bytes/event | ready s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : runs) {
            md.append(row(String.valueOf(r.get("run")), r));
        }
        md.append(row("median", medians));
        md.append("\nCalls a second into each CRM (median; in backlog mode the backlog's calls over the time that CRM took to drain): ")
                .append(medians.entrySet().stream().filter(e -> e.getKey().endsWith("CallsPerSecond"))
                        .map(e -> e.getKey().replace("CallsPerSecond", "") + " " + e.getValue()).toList());
        md.append("\nTenant ").append(report.get("tenant")).append(", mode ").append(report.get("mode")).append(", ").append(report.get("events"))
                .append(" events a run, concurrency ").append(report.get("concurrency")).append(", ").append(report.get("database"))
                .append(". Delivery p99: the smallest bucket of gateway_delivery_latency_seconds (202 to the CRM's answer) holding 99%."
                        + "\n\nRequests per 1,000 events (run 1):\n\n");
        if (runs.get(0).containsKey("soakDbMbEvery30s")) {
            md.append("Database MB every 30 s (run 1): ").append(runs.get(0).get("soakDbMbEvery30s")).append("; growth over the last half: ")
                    .append(medians.get("soakLastHalfGrowthMbPerMinute")).append(" MB/minute (median).\n\n");
        }
        ((Map<?, ?>) runs.get(0).get("requestsPer1000EventsByCall")).forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        return md.toString();
    }

    private static String row(String name, Map<String, Object> r) {
        return "| " + name + " | " + r.get("ceilingPerSecond") + " | " + r.get("acceptedPerSecond") + " | " + r.get("ratioToCeiling") + " | "
                + r.get("acceptP50Ms") + " | " + r.get("acceptP99Ms") + " | " + r.get("deliveredPerSecond") + " | "
                + r.get("crmRequestsPer1000Events") + " (" + r.get("salesforceRequestsPer1000Events") + " / " + r.get("hubspotRequestsPer1000Events")
                + " / " + r.get("bullhornRequestsPer1000Events") + ") | " + r.get("deliveryP99Seconds") + " | " + r.get("drainSeconds") + " | "
                + r.get("cpuMsPerEvent") + (r.containsKey("postgresCpuMsPerEvent") ? " (" + r.get("postgresCpuMsPerEvent") + ")" : "") + " | "
                + r.get("peakRssMb") + " | " + r.get("diskBytesPerEvent") + " | " + r.get("readySeconds") + " |\n";
    }
}
