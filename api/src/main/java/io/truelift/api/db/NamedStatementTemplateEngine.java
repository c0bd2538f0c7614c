package io.truelift.api.db;

import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionMethod;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * Names each statement after the DAO method that runs it, in a leading SQL comment ({@code /*
 * AlertDao.findById *}{@code /}), as Dropwizard's {@code NamePrependingTemplateEngine} does, so
 * {@code pg_stat_activity} and slow-query logs say where a statement came from — but from a
 * template Jdbi parses once. Dropwizard's engine implements only {@code render}, which makes Jdbi
 * lex the whole statement again with ANTLR on every execution: about a tenth of the API's CPU on
 * the alert detail, which runs nine statements.
 */
public final class NamedStatementTemplateEngine implements TemplateEngine.Parsing {
  private final TemplateEngine.Parsing delegate;

  public NamedStatementTemplateEngine(TemplateEngine.Parsing delegate) {
    this.delegate = delegate;
  }

  /** Replaces the Jdbi's template engine (Dropwizard's JdbiFactory installs the uncached one). */
  public static Jdbi install(Jdbi jdbi) {
    jdbi.getConfig(SqlStatements.class)
        .setTemplateEngine(new NamedStatementTemplateEngine(new DefinedAttributeTemplateEngine()));
    return jdbi;
  }

  @Override
  public Optional<Function<StatementContext, String>> parse(String template, ConfigRegistry config) {
    if (template.startsWith("/*")) {
      return delegate.parse(template, config); // it names itself (HandleAlertReads)
    }
    return delegate.parse(template, config).map(render -> ctx -> name(ctx.getExtensionMethod()) + render.apply(ctx));
  }

  /** The comment for a statement run by a DAO method; nothing for one built by hand. */
  static String name(ExtensionMethod method) {
    if (method == null) {
      return "";
    }
    String type = method.getType().getSimpleName();
    return "/* " + (type.isEmpty() ? "" : type + ".") + method.getMethod().getName() + " */ ";
  }
}
