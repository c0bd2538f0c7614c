package io.truelift.api.db;

import java.time.OffsetDateTime;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Who did what and when: the audit entry every recorded action and promotion change writes. */
public interface AuditLogDao {
  @SqlUpdate(
      "INSERT INTO audit_log (audit_id, actor, operation, target, detail, at)"
          + " VALUES (:id, :actor, :operation, :target, :detail, :at)")
  void insertAudit(
      @Bind("id") String auditId,
      @Bind("actor") String actor,
      @Bind("operation") String operation,
      @Bind("target") String target,
      @Bind("detail") String detail,
      @Bind("at") OffsetDateTime at);
}
