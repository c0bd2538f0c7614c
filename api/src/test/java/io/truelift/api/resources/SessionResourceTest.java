package io.truelift.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.truelift.api.auth.TestAuth;
import io.truelift.api.db.AlertDao;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signing in: every validation rule of the body, wrong credentials, and a bearer's session. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SessionResourceTest {
  private static final TestAuth AUTH = new TestAuth();

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addProvider(AUTH.feature())
          .addResource(new SessionResource(AUTH.users, AUTH.tokens, true, mock(AlertDao.class), Clock.systemUTC()))
          .build();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"password\":\"x\"}|username is required",
        "{\"username\":\"  \",\"password\":\"x\"}|username is required",
        "{\"username\":\"viewer\"}|password is required",
        "{\"username\":\"viewer\",\"password\":\"\"}|password is required"
      })
  void aBadBodyIs422NamingTheField(String body, String message) {
    Response r = RESOURCES.target("/session").request().post(Entity.json(body));

    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(r.readEntity(String.class)).contains(message);
  }

  @Test
  void overlongFieldsAre422() {
    String body = "{\"username\":\"" + "u".repeat(101) + "\",\"password\":\"" + "p".repeat(201) + "\"}";

    Response r = RESOURCES.target("/session").request().post(Entity.json(body));

    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(r.readEntity(String.class))
        .contains("username must be at most 100 characters")
        .contains("password must be at most 200 characters");
  }

  @Test
  void wrongPasswordIs401AndTheRightOneSetsASecureCookieWhenConfigured() {
    Response wrong =
        RESOURCES.target("/session").request().post(Entity.json("{\"username\":\"viewer\",\"password\":\"nope\"}"));
    assertThat(wrong.getStatus()).isEqualTo(401);

    Response ok =
        RESOURCES.target("/session").request()
            .post(Entity.json("{\"username\":\"viewer\",\"password\":\"" + TestAuth.PASSWORD + "\"}"));
    assertThat(ok.getStatus()).isEqualTo(200);
    assertThat(ok.getHeaderString("Set-Cookie")).contains("Secure").contains("HttpOnly");
  }

  @Test
  void getSessionNeedsCredentialsAndNamesTheUser() {
    assertThat(RESOURCES.target("/session").request().get().getStatus()).isEqualTo(401);
    assertThat(RESOURCES.target("/session").request().header("Authorization", "Bearer v1.forged.sig").get().getStatus())
        .isEqualTo(401);
    assertThat(
            RESOURCES.target("/session").request()
                .header("Authorization", TestAuth.basic("admin", TestAuth.PASSWORD)).get(String.class))
        .isEqualTo("{\"username\":\"admin\",\"role\":\"admin\"}");
  }
}
