package io.traceandtrace.spring.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What db.statement shows of a statement's literals by default. */
class SqlLiteralsTest {

    @Test
    void stringsAndNumbersBecomeQuestionMarks() {
        assertThat(SqlLiterals.mask("SELECT * FROM users WHERE email = 'a@b.c' AND age > 42 AND score < -1.5e3"))
                .isEqualTo("SELECT * FROM users WHERE email = ? AND age > ? AND score < -?");
        assertThat(SqlLiterals.mask("INSERT INTO t VALUES ('it''s', 0x1F, .5, E'a\\'b', N'x')"))
                .isEqualTo("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
        assertThat(SqlLiterals.mask("SELECT $$secret$$, $tag$also secret$tag$")).isEqualTo("SELECT ?, ?");
    }

    @Test
    void identifiersCommentsAndBindMarkersAreKept() {
        assertThat(SqlLiterals.mask("SELECT t1.col2, \"Col 3\", `x9` FROM table1 t1 WHERE id = ? AND k = $1 AND n = :name"))
                .isEqualTo("SELECT t1.col2, \"Col 3\", `x9` FROM table1 t1 WHERE id = ? AND k = $1 AND n = :name");
        assertThat(SqlLiterals.mask("/* report 7 */ SELECT 1 -- limit 10\nFROM dual"))
                .isEqualTo("/* report 7 */ SELECT ? -- limit 10\nFROM dual");
    }

    @Test
    void anUnterminatedQuoteHidesTheRest() {
        assertThat(SqlLiterals.mask("SELECT * FROM t WHERE password = 'oops AND user = 'x")).isEqualTo("SELECT * FROM t WHERE password = ?x");
        assertThat(SqlLiterals.mask("SELECT * FROM t WHERE password = 'never closed")).isEqualTo("SELECT * FROM t WHERE password = ?");
    }
}
