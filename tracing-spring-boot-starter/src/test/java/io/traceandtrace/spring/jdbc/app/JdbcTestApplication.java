package io.traceandtrace.spring.jdbc.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;

/** A Spring MVC app on Boot's auto-configured HikariCP data source: H2 in memory, or any URL given in spring.datasource.url. */
@SpringBootApplication
public class JdbcTestApplication {

    @RestController
    static class Greetings {

        private final JdbcTemplate jdbc;

        Greetings(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS greeting (name VARCHAR(40) PRIMARY KEY, visits INT)");
        }

        @GetMapping("/greet")
        String greet(@RequestParam String name) {
            int updated = jdbc.update("UPDATE greeting SET visits = visits + 1 WHERE name = ?", name);
            if (updated == 0) {
                jdbc.update("INSERT INTO greeting (name, visits) VALUES (?, 1)", name);
            }
            return "hello " + name;
        }

        @GetMapping("/secret")
        String secret() {
            return String.valueOf(jdbc.queryForObject(
                    "SELECT count(*) FROM greeting WHERE name = 'alice' AND visits > 41", Integer.class));
        }

        /** What the user's code sees of a bad statement: the driver's own exception, untouched. */
        @GetMapping("/bad")
        String bad() {
            try {
                jdbc.queryForObject("SELECT visits FROM no_such_table", Integer.class);
                return "no error";
            } catch (DataAccessException e) {
                Throwable cause = e.getCause();
                return cause.getClass().getName() + " " + (cause instanceof SQLException sql ? sql.getSQLState() : "");
            }
        }
    }
}
