package io.truelift.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The API's configuration (config.yml, with environment substitution). */
public class TrueLiftConfiguration extends Configuration {
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

  @Valid @NotNull private TemporalConfig temporal = new TemporalConfig();

  @JsonProperty("database")
  public DataSourceFactory getDataSourceFactory() {
    return database;
  }

  @JsonProperty("database")
  public void setDataSourceFactory(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty
  public TemporalConfig getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(TemporalConfig temporal) {
    this.temporal = temporal;
  }

  /** Where the Temporal service is. */
  public static class TemporalConfig {
    @NotBlank private String address = "localhost:17233";
    @NotBlank private String namespace = "default";

    @JsonProperty
    public String getAddress() {
      return address;
    }

    @JsonProperty
    public void setAddress(String address) {
      this.address = address;
    }

    @JsonProperty
    public String getNamespace() {
      return namespace;
    }

    @JsonProperty
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }
  }
}
