package io.traceandtrace.sample;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The names greeted, in the app's embedded H2 database: plain JdbcTemplate, no tracing code. */
@Repository
public class GreetingLog {

    static final int KEPT = 1000;
    private static final int MAX_NAME = 200;

    private final JdbcTemplate jdbc;

    public GreetingLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String name) {
        jdbc.update("INSERT INTO greeting_log (name) VALUES (?)", name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME));
    }

    /** Keeps the last {@link #KEPT} greetings; returns how many older ones were removed. */
    public int prune() {
        return jdbc.update("DELETE FROM greeting_log WHERE id <= (SELECT MAX(id) FROM greeting_log) - " + KEPT);
    }
}
