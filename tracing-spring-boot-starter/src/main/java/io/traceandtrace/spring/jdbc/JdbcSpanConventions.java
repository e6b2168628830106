package io.traceandtrace.spring.jdbc;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.traceandtrace.core.export.ThrottledLog;
import net.ttddyy.observation.tracing.ConnectionContext;
import net.ttddyy.observation.tracing.ConnectionObservationConvention;
import net.ttddyy.observation.tracing.DataSourceBaseContext;
import net.ttddyy.observation.tracing.QueryContext;
import net.ttddyy.observation.tracing.QueryObservationConvention;
import net.ttddyy.observation.tracing.ResultSetContext;
import net.ttddyy.observation.tracing.ResultSetObservationConvention;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and tags of the JDBC spans, in OpenTracing's database conventions: {@code db.type=sql},
 * {@code db.system}, {@code db.statement} (literals masked unless asked), {@code peer.hostname} and
 * {@code peer.port}, and the rows a statement affected. A failure here is logged and leaves the span
 * untagged: a convention runs inside the user's JDBC call.
 */
final class JdbcSpanConventions {

    private static final ThrottledLog failures = new ThrottledLog(LoggerFactory.getLogger(JdbcSpanConventions.class));

    static final String DB_SYSTEM = "db.system";
    static final String DB_STATEMENT = "db.statement";
    static final String DB_PARAMETERS = "db.parameters";
    static final String DB_ROWS_AFFECTED = "db.rows_affected";
    static final String DB_ROWS_READ = "db.rows_read";

    private static final Pattern OPERATION = Pattern.compile("^\\s*(?:(?:/\\*.*?\\*/|--[^\\n]*\\n)\\s*)*([A-Za-z]+)", Pattern.DOTALL);
    private static final Pattern TABLE = Pattern.compile(
            "\\b(?:FROM|INTO|UPDATE|TABLE|JOIN)\\s+((?:[\\w$#@]+|\"[^\"]+\"|`[^`]+`)(?:\\.(?:[\\w$#@]+|\"[^\"]+\"|`[^`]+`))*)",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_NAME_LENGTH = 80;

    private JdbcSpanConventions() {
    }

    /** Query spans: named by operation and table, such as {@code SELECT greeting}. */
    static final class Query implements QueryObservationConvention {

        static final int MAX_STATEMENTS = 1024;
        /** Longer texts (a batch insert of many rows, say) are not kept: 1,024 of them could hold megabytes. */
        static final int MAX_KEPT_LENGTH = 2048;

        private final boolean includeLiterals;
        private final Map<String, Statement> statements = new ConcurrentHashMap<>();

        Query(boolean includeLiterals) {
            this.includeLiterals = includeLiterals;
        }

        @Override
        public String getContextualName(QueryContext context) {
            try {
                return statement(context).name();
            } catch (RuntimeException e) {
                failures.warn(Query.class, "Could not name a JDBC query span", e);
                return "query";
            }
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(QueryContext context) {
            return connectionTags(context);
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(QueryContext context) {
            try {
                List<KeyValue> tags = new ArrayList<>(3);
                String statement = statement(context).text();
                if (!statement.isEmpty()) {
                    tags.add(KeyValue.of(DB_STATEMENT, statement));
                }
                if (!context.getParams().isEmpty()) {
                    tags.add(KeyValue.of(DB_PARAMETERS, String.join(", ", context.getParams())));
                }
                if (context.getAffectedRowCount() != null) {
                    tags.add(KeyValue.of(DB_ROWS_AFFECTED, context.getAffectedRowCount()));
                }
                return KeyValues.of(tags);
            } catch (RuntimeException e) {
                failures.warn(Query.class, "Could not tag a JDBC query span", e);
                return KeyValues.empty();
            }
        }

        /**
         * Masked and named once per statement text: an application runs the same few statements again
         * and again, and the convention is asked at start and at stop. Past {@value #MAX_STATEMENTS}
         * texts (statements built with their literals, say), and for texts longer than
         * {@value #MAX_KEPT_LENGTH} characters, each query is masked and named once, kept in its
         * observation's context.
         */
        private Statement statement(QueryContext context) {
            List<String> queries = context.getQueries();
            String joined = queries.size() == 1 ? queries.get(0) : String.join(";\n", queries);
            Statement statement = statements.get(joined);
            if (statement != null) {
                return statement;
            }
            if (statements.size() >= MAX_STATEMENTS || joined.length() > MAX_KEPT_LENGTH) {
                return context.computeIfAbsent(Statement.class, key -> statementOf(joined));
            }
            return statements.computeIfAbsent(joined, this::statementOf);
        }

        private Statement statementOf(String joined) {
            String text = includeLiterals ? joined : SqlLiterals.mask(joined);
            return new Statement(text, spanName(text));
        }

        private record Statement(String text, String name) {
        }
    }

    /** Connection spans, from acquisition to close. */
    static final class Connection implements ConnectionObservationConvention {

        @Override
        public String getContextualName(ConnectionContext context) {
            return "connection";
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(ConnectionContext context) {
            return connectionTags(context);
        }
    }

    /** Result-set spans, with the rows read. */
    static final class ResultSet implements ResultSetObservationConvention {

        @Override
        public String getContextualName(ResultSetContext context) {
            return "result-set";
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(ResultSetContext context) {
            return connectionTags(context);
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(ResultSetContext context) {
            return KeyValues.of(DB_ROWS_READ, String.valueOf(context.getCount()));
        }
    }

    static KeyValues connectionTags(DataSourceBaseContext context) {
        try {
            List<KeyValue> tags = new ArrayList<>(4);
            tags.add(KeyValue.of("db.type", "sql"));
            String system = systemOf(context.getUrl());
            if (system != null) {
                tags.add(KeyValue.of(DB_SYSTEM, system));
            }
            if (context.getHost() != null && !context.getHost().isEmpty()) {
                tags.add(KeyValue.of("peer.hostname", context.getHost()));
            }
            if (context.getPort() > 0) {
                tags.add(KeyValue.of("peer.port", String.valueOf(context.getPort())));
            }
            return KeyValues.of(tags);
        } catch (RuntimeException e) {
            failures.warn(JdbcSpanConventions.class, "Could not tag a JDBC span", e);
            return KeyValues.empty();
        }
    }

    private record UrlSystem(String url, String system) {
    }

    /** The last data source's URL and its system: an application has one or a few data sources. */
    private static volatile UrlSystem lastUrl = new UrlSystem(null, null);

    private static String systemOf(String url) {
        UrlSystem last = lastUrl;
        if (url == null || !url.equals(last.url())) {
            last = new UrlSystem(url, databaseSystem(url));
            lastUrl = last;
        }
        return last.system();
    }

    /** {@code jdbc:postgresql://db/app} is {@code postgresql}; wrappers such as {@code jdbc:tc:} or {@code jdbc:p6spy:} are looked through. */
    static String databaseSystem(String url) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return null;
        }
        int start = 5;
        while (true) {
            int end = url.indexOf(':', start);
            if (end < 0) {
                return null;
            }
            String protocol = url.substring(start, end).toLowerCase(Locale.ROOT);
            switch (protocol) {
                case "tc", "p6spy", "log4jdbc", "otel", "aws-wrapper" -> start = end + 1;
                case "sqlserver", "jtds" -> { return "mssql"; }
                case "pgsql" -> { return "postgresql"; }
                case "as400" -> { return "db2"; }
                default -> { return protocol.isEmpty() ? null : protocol; }
            }
        }
    }

    /** Operation and first table, such as {@code SELECT greeting}; the operation alone when no table is found. */
    static String spanName(String statement) {
        Matcher operation = OPERATION.matcher(statement);
        if (!operation.find()) {
            return "query";
        }
        String name = operation.group(1).toUpperCase(Locale.ROOT);
        Matcher table = TABLE.matcher(statement);
        if (table.find(operation.start(1))) {
            name = name + " " + table.group(1);
        }
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
    }
}
