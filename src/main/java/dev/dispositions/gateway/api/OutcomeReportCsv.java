package dev.dispositions.gateway.api;

import dev.dispositions.gateway.store.OutcomeReports;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * An outcome report as CSV (RFC 4180), for a spreadsheet: one line per group, then the total. A value that a
 * spreadsheet would run as a formula (starting with =, +, - or @) is written with a leading apostrophe.
 */
@Component
class OutcomeReportCsv extends AbstractHttpMessageConverter<ReportController.OutcomeReport> {
    static final String MEDIA_TYPE = "text/csv";
    private static final String HEADER = "group,calls,connects,connection_rate,meetings,meetings_per_connect,meetings_per_call,callbacks,"
            + "follow_ups,opt_outs,inferred_opt_outs,labelled,labelled_rate,mapped,mapped_rate";

    OutcomeReportCsv() {
        super(StandardCharsets.UTF_8, MediaType.parseMediaType(MEDIA_TYPE));
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return ReportController.OutcomeReport.class.equals(clazz);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected ReportController.OutcomeReport readInternal(Class<? extends ReportController.OutcomeReport> clazz, HttpInputMessage in) {
        throw new HttpMessageNotReadableException("an outcome report is not read from CSV", in);
    }

    @Override
    protected void writeInternal(ReportController.OutcomeReport report, HttpOutputMessage out) throws IOException {
        out.getHeaders().setContentDisposition(org.springframework.http.ContentDisposition.attachment()
                .filename("outcomes-" + report.tenant() + "-" + report.from() + "-" + report.to() + "-by-" + report.groupBy() + ".csv").build());
        Writer w = new OutputStreamWriter(out.getBody(), StandardCharsets.UTF_8);
        w.write(report.groupBy() + HEADER.substring("group".length()) + "\r\n");
        List<OutcomeReports.Row> rows = new ArrayList<>(report.rows());
        rows.add(report.total());
        for (OutcomeReports.Row r : rows) {
            w.write(String.join(",", cell(r.key()), n(r.calls()), n(r.connects()), rate(r.connectionRate()), n(r.meetings()),
                    rate(r.meetingsPerConnect()), rate(r.meetingsPerCall()), n(r.callbacks()), n(r.followUps()), n(r.optOuts()),
                    n(r.inferredOptOuts()), n(r.labelled()), rate(r.labelledRate()), n(r.mapped()), rate(r.mappedRate())) + "\r\n");
        }
        w.flush();
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String rate(Double v) {
        return v == null ? "" : java.math.BigDecimal.valueOf(v).toPlainString();
    }

    static String cell(String v) {
        String s = v == null ? "" : v;
        String lead = s.stripLeading();
        if (!lead.isEmpty() && "=+-@\t\r".indexOf(lead.charAt(0)) >= 0) {
            s = "'" + s;
        }
        // Quoted whenever a spreadsheet could split it, whatever its list separator (a comma, a semicolon, a tab).
        return s.chars().anyMatch(ch -> ",;\"\t\n\r".indexOf(ch) >= 0) ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
