package dev.dispositions.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A report's CSV cell: what a dialer sent as a campaign or list cannot run as a formula or split into new cells. */
class OutcomeReportCsvTest {

    @Test
    void aFormulaIsDefusedAndAnySeparatorQuoted() {
        assertThat(OutcomeReportCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(OutcomeReportCsv.cell("  +1+1")).isEqualTo("'  +1+1");
        assertThat(OutcomeReportCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(OutcomeReportCsv.cell("x;=cmd|' /C calc'!A0")).as("a semicolon-separated spreadsheet").startsWith("\"").endsWith("\"");
        assertThat(OutcomeReportCsv.cell("a\rb\rc")).isEqualTo("\"a\rb\rc\"");
        assertThat(OutcomeReportCsv.cell("EMEA fintech")).isEqualTo("EMEA fintech");
        assertThat(OutcomeReportCsv.cell("")).isEmpty();
    }
}
