package io.truelift.pipelines.options;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of the cannibalization pipeline; units are in every description. */
public interface CannibalizationOptions extends PipelineOptions {
  @Description("Kafka bootstrap servers (host:port,...); default $KAFKA_BOOTSTRAP_SERVERS or localhost:19092")
  @Default.InstanceFactory(EnvDefaults.BootstrapServers.class)
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Topic of shopping events (input); default $TRUELIFT_SHOPPING_EVENTS_TOPIC or shopping-events")
  @Default.InstanceFactory(EnvDefaults.ShoppingEventsTopic.class)
  String getShoppingEventsTopic();

  void setShoppingEventsTopic(String value);

  @Description("Topic of market events: promotion start, stop and price change (input); default $TRUELIFT_MARKET_EVENTS_TOPIC or market_events")
  @Default.InstanceFactory(EnvDefaults.MarketEventsTopic.class)
  String getMarketEventsTopic();

  void setMarketEventsTopic(String value);

  @Description("Topic for per-product windowed stats (output); default $TRUELIFT_WINDOWED_STATS_TOPIC or windowed_stats")
  @Default.InstanceFactory(EnvDefaults.WindowedStatsTopic.class)
  String getWindowedStatsTopic();

  void setWindowedStatsTopic(String value);

  @Description("Topic for cannibalization alerts, keyed by alertId (output); default $TRUELIFT_ALERTS_TOPIC or cannibalization-alerts")
  @Default.InstanceFactory(EnvDefaults.AlertsTopic.class)
  String getAlertsTopic();

  void setAlertsTopic(String value);

  @Description("Topic for events that fail validation, with the reason (output); default $TRUELIFT_DEAD_LETTER_TOPIC or dead-letters")
  @Default.InstanceFactory(EnvDefaults.DeadLetterTopic.class)
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description(
      "JSONL file of shopping events before the live period: the model's recent-level context (and, without a model, the fallback baseline's history)")
  @Validation.Required
  String getHistoryFile();

  void setHistoryFile(String value);

  @Description(
      "JDBC URL of the model registry (model_version): its ACTIVE version is the baseline, polled every --modelPollSeconds; default $TRUELIFT_JDBC_URL, else none; empty = no registry")
  @Default.InstanceFactory(EnvDefaults.JdbcUrl.class)
  String getModelRegistryUrl();

  void setModelRegistryUrl(String value);

  @Description("User of the model registry database; default $TRUELIFT_JDBC_USER or sa")
  @Default.InstanceFactory(EnvDefaults.JdbcUser.class)
  String getModelRegistryUser();

  void setModelRegistryUser(String value);

  @Description("Password of the model registry database; default $TRUELIFT_JDBC_PASSWORD or empty")
  @Default.InstanceFactory(EnvDefaults.JdbcPassword.class)
  // Never serialized with the options (Flink job config, Dataflow job): main hands it to the sinks.
  @JsonIgnore
  String getModelRegistryPassword();

  void setModelRegistryPassword(String value);

  @Description("How often the registry is polled for a newly activated model, in seconds")
  @Default.Integer(30)
  int getModelPollSeconds();

  void setModelPollSeconds(int value);

  @Description(
      "Directory of a saved model (model.ubj + model.json) to use instead of the registry; without either, the walking skeleton's BaselineProfile is used as a labelled fallback")
  String getModelDir();

  void setModelDir(String value);

  @Description(
      "Batch mode: a JSONL file of shopping events to read instead of Kafka (outputs go to --outputDir)")
  String getInputFile();

  void setInputFile(String value);

  @Description("Batch mode: a JSONL file of market events (promotion start, stop, price change) read with --inputFile; unset = none")
  String getMarketEventsFile();

  void setMarketEventsFile(String value);

  @Description(
      "JDBC URL of the TrueLift database (PostgreSQL or H2): windowed_sales, baseline and detected_alert are upserted there with JdbcIO; default $TRUELIFT_JDBC_URL, else none; empty = no database sink")
  @Default.InstanceFactory(EnvDefaults.JdbcUrl.class)
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("User of the --jdbcUrl database; default $TRUELIFT_JDBC_USER or sa")
  @Default.InstanceFactory(EnvDefaults.JdbcUser.class)
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description("Password of the --jdbcUrl database; default $TRUELIFT_JDBC_PASSWORD or empty")
  @Default.InstanceFactory(EnvDefaults.JdbcPassword.class)
  // Never serialized with the options (Flink job config, Dataflow job): main hands it to the sinks.
  @JsonIgnore
  String getJdbcPassword();

  void setJdbcPassword(String value);

  @Description(
      "BigQuery dataset (project:dataset) for the sales history (shopping_events) and windowed stats (windowed_stats), written with BigQueryIO; default $TRUELIFT_BIGQUERY_PROJECT:$TRUELIFT_BIGQUERY_DATASET when both are set, else none (batch mode writes local files)")
  @Default.InstanceFactory(EnvDefaults.BigQueryDataset.class)
  String getBigQueryDataset();

  void setBigQueryDataset(String value);

  @Description(
      "Streaming without BigQuery: directory for the sales history and windowed stats as hourly JSONL files (history/, windowed-stats/); empty = none")
  @Default.String("")
  String getArchiveDir();

  void setArchiveDir(String value);

  @Description(
      "Streaming: read the alerts topic at start and do not publish an alert again that it already holds unchanged (a restart re-reads the input and decides the same alerts)")
  @Default.Boolean(true)
  boolean getSuppressPublishedAlerts();

  void setSuppressPublishedAlerts(boolean value);

  @Description("Batch mode: directory for windowed stats, alerts and dead letters (JSONL)")
  @Default.String("target/pipeline-output")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Length of the event-time windows, in minutes")
  @Default.Integer(1)
  int getWindowMinutes();

  void setWindowMinutes(int value);

  @Description("How late (event time, in minutes) data may arrive and still correct its window")
  @Default.Integer(1)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);

  @Description("How far out of order (event time, in seconds) events may arrive before the watermark passes them")
  @Default.Integer(30)
  int getMaxOutOfOrderSeconds();

  void setMaxOutOfOrderSeconds(int value);

  @Description("A promotion with no promoted sale for this many minutes (event time) is treated as ended")
  @Default.Integer(30)
  int getPromotionIdleMinutes();

  void setPromotionIdleMinutes(int value);

  // The test: rho = 0.10, the materiality line of the substitutes' shortfall (the business gate
  // minSubstituteShortfall); the statistic only grows when the substitutes sell below
  // rho / -ln(1 - rho) = 95% of baseline, the implied reference value k. (0.15 put k at 92% and
  // missed most 10-15% shortfalls within an 8-hour promotion: recall 0.874 vs 0.877 with 0.10 on
  // the evaluation battery, at the same false-alarm rate.) Its threshold is chosen
  // per promotion (CusumThreshold) so that a promotion without cannibalization crosses it within
  // 8 hours with probability falseAlarmRate, given its substitutes' expected purchases per window
  // and the model's relative error. The minimum effects (30 expected units, 25 lost units, rate
  // 0.10, 20.00 lost margin) then keep a statistically real but immaterial or sparse-window loss
  // from alerting.
  @Description("Substitute shortfall (fraction of baseline, 0-1) the sequential test is tuned to detect")
  @Default.Double(0.10)
  double getCusumMaterialLoss();

  void setCusumMaterialLoss(double value);

  @Description(
      "Target probability that a promotion without cannibalization raises a false alarm within --falseAlarmHorizonMinutes; the CUSUM threshold is chosen per promotion for it (0 = use --cusumThreshold)")
  @Default.Double(0.005)
  double getFalseAlarmRate();

  void setFalseAlarmRate(double value);

  @Description("The promotion length the false-alarm rate refers to, in minutes")
  @Default.Integer(480)
  int getFalseAlarmHorizonMinutes();

  void setFalseAlarmHorizonMinutes(int value);

  @Description("Minimum estimated lost margin of the substitutes, in cents, before an alert may fire")
  @Default.Double(2000)
  double getMinLostMarginCents();

  void setMinLostMarginCents(double value);

  @Description("Minimum loss of the substitutes as a fraction of their baseline (0-1) before an alert may fire")
  @Default.Double(0.10)
  double getMinSubstituteShortfall();

  void setMinSubstituteShortfall(double value);

  @Description("How long after a promotion's end its product is followed for pull-forward, in minutes")
  @Default.Integer(120)
  int getPostPeriodMinutes();

  void setPostPeriodMinutes(int value);

  @Description("Fixed threshold of the Poisson CUSUM (log-likelihood-ratio units), used when --falseAlarmRate=0")
  @Default.Double(6.0)
  double getCusumThreshold();

  void setCusumThreshold(double value);

  @Description("Minimum cumulative substitute baseline, in units, before an alert may fire")
  @Default.Double(30)
  double getMinExpectedSubstituteUnits();

  void setMinExpectedSubstituteUnits(double value);

  @Description("Minimum cumulative cannibalized units before an alert may fire")
  @Default.Double(25)
  double getMinCannibalizedUnits();

  void setMinCannibalizedUnits(double value);

  @Description("Minimum cannibalization rate (cannibalized / gross lift, 0-1) before an alert may fire")
  @Default.Double(0.10)
  double getMinCannibalizationRate();

  void setMinCannibalizationRate(double value);
}
