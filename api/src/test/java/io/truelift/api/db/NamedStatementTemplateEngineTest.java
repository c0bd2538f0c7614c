package io.truelift.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.Test;

class NamedStatementTemplateEngineTest {
  interface Probe {
    @SqlQuery("SELECT x FROM (VALUES (1), (2), (3)) AS t (x) WHERE x IN (<xs>) ORDER BY x")
    List<Integer> some(@BindList("xs") List<Integer> xs);
  }

  /** Counts how often Jdbi asks for a template to be parsed. */
  static final class CountingParser implements TemplateEngine.Parsing {
    final AtomicInteger parses = new AtomicInteger();
    final DefinedAttributeTemplateEngine engine = new DefinedAttributeTemplateEngine();

    @Override
    public Optional<Function<StatementContext, String>> parse(String template, ConfigRegistry config) {
      parses.incrementAndGet();
      return engine.parse(template, config);
    }
  }

  @Test
  void namesTheStatementAfterItsDaoMethodAndParsesTheTemplateOnce() {
    CountingParser parser = new CountingParser();
    List<String> executed = new ArrayList<>();
    Jdbi jdbi = Jdbi.create("jdbc:h2:mem:named-statements").installPlugin(new SqlObjectPlugin());
    jdbi.getConfig(SqlStatements.class)
        .setTemplateEngine(new NamedStatementTemplateEngine(parser))
        .setSqlLogger(new SqlLogger() {
          @Override
          public void logBeforeExecution(StatementContext context) {
            executed.add(context.getRenderedSql());
          }
        });
    Probe probe = jdbi.onDemand(Probe.class);

    assertThat(probe.some(List.of(1, 3))).containsExactly(1, 3);
    assertThat(probe.some(List.of(2))).containsExactly(2);
    assertThat(probe.some(List.of(1, 2, 3))).containsExactly(1, 2, 3);

    assertThat(executed).hasSize(3).allMatch(sql -> sql.startsWith("/* Probe.some */ SELECT x FROM"));
    // The list is expanded per call from the one parsed template.
    assertThat(executed.get(0)).contains("IN (:__xs_0,:__xs_1)");
    assertThat(executed.get(2)).contains("IN (:__xs_0,:__xs_1,:__xs_2)");
    assertThat(parser.parses).hasValue(1);
  }

  @Test
  void leavesAStatementBuiltByHandUnnamed() {
    Jdbi jdbi = NamedStatementTemplateEngine.install(Jdbi.create("jdbc:h2:mem:unnamed-statements"));
    List<String> executed = new ArrayList<>();
    jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
      @Override
      public void logBeforeExecution(StatementContext context) {
        executed.add(context.getRenderedSql());
      }
    });
    int answer = jdbi.withHandle(h -> h.createQuery("SELECT 41 + 1").mapTo(Integer.class).one());
    assertThat(answer).isEqualTo(42);
    assertThat(executed).containsExactly("SELECT 41 + 1");
  }
}
