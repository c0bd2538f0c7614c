package io.truelift.pipelines.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.truelift.pipelines.options.EnvDefaults;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of the batch training pipeline; units are in every description. */
public interface TrainingOptions extends GcpOptions {
  @Description("Where the history comes from: jsonl (ShoppingEvent lines), csv, bigquery or jdbc")
  @Default.String("jsonl")
  String getHistorySource();

  void setHistorySource(String value);

  @Description(
      "jsonl/csv: file or glob; csv columns event_id,event_time,store_id,sku,category,sub_category,units,unit_price_cents,regular_price_cents,promotion_id")
  String getInput();

  void setInput(String value);

  @Description("bigquery: table project:dataset.table with the same columns as the csv")
  String getBigQueryTable();

  void setBigQueryTable(String value);

  // The jdbc* properties are also CannibalizationOptions': Beam wants one property's getters
  // annotated alike in every options interface of a process, so their defaults are the same.
  @Description("jdbc: URL of the database holding the history; default $TRUELIFT_JDBC_URL")
  @Default.InstanceFactory(EnvDefaults.JdbcUrl.class)
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("jdbc: user; default $TRUELIFT_JDBC_USER or sa")
  @Default.InstanceFactory(EnvDefaults.JdbcUser.class)
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description("jdbc: password")
  @Default.InstanceFactory(EnvDefaults.JdbcPassword.class)
  // Never serialized with the options (it is read once, when the pipeline is built).
  @JsonIgnore
  String getJdbcPassword();

  void setJdbcPassword(String value);

  @Description("jdbc: query returning the csv's columns (event_time as a timestamp)")
  @Default.String(
      "SELECT event_id, event_time, store_id, sku, category, sub_category, units, unit_price_cents, regular_price_cents, promotion_id FROM shopping_event")
  String getJdbcQuery();

  void setJdbcQuery(String value);

  @Description("JDBC URL of the model registry (model_version); unset = only save the model to --artifactDir")
  String getRegistryUrl();

  void setRegistryUrl(String value);

  @Description("Registry user")
  @Default.String("sa")
  String getRegistryUser();

  void setRegistryUser(String value);

  @Description("Registry password")
  @Default.String("")
  @JsonIgnore
  String getRegistryPassword();

  void setRegistryPassword(String value);

  @Description("Directory the model artifacts (model.ubj, model.json) are written under")
  @Validation.Required
  String getArtifactDir();

  void setArtifactDir(String value);

  @Description("Make the trained version the ACTIVE one (readers pick it up at their next poll)")
  @Default.Boolean(false)
  boolean getActivate();

  void setActivate(boolean value);

  @Description("Model id (default: baseline-<random>)")
  String getModelId();

  void setModelId(String value);
}
