package dev.dispositions.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * A tenant's CRM admin in the console's mapping page: sees each outcome's value and where it comes from, sets the
 * org's own value, tries it with a dry run (a refused overlay is shown, not saved), saves it, and rolls it back.
 */
class MappingConsoleTest extends ChromiumTest {
    private static final String PAGE = "#/mapping/initech/salesforce";

    @AfterEach
    void backToTheFile() throws Exception {
        http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/tenants/initech/mappings/crms/salesforce"))
                .header("X-Api-Key", ADMIN_KEY).DELETE().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    private WebElement outcome(String name) {
        return shown(By.cssSelector("#mapping-outcomes tr[data-row='" + name + "']"));
    }

    @Test
    void aTenantAdminSetsTheOrgsValueTriesItSavesItAndRollsItBack() throws Exception {
        Reply key = postRaw("/api/keys", "application/json", Map.of("X-Api-Key", ADMIN_KEY),
                "{\"name\":\"initech crm admin\",\"role\":\"tenant-admin\",\"tenant\":\"initech\"}");
        signIn(key.body().path("secret").asText());
        shown(By.id("connectors"));
        browser.get(url("#/tenants"));
        shown(By.cssSelector("a[data-mapping='initech/salesforce']")).click();
        assertThat(outcome("LEFT_VOICEMAIL").getText()).contains("Left Voicemail", "file");
        assertThat(shown(By.id("mapping-version")).getText()).contains("The file alone");

        // A refused overlay: the dry run names the path and the reason, and nothing is saved.
        WebElement overlay = shown(By.id("overlay-json"));
        overlay.clear();
        overlay.sendKeys("{\"ignore\": {\"DO_NOT_CONTACT\": \"no\"}}");
        browser.findElement(By.id("dry-run-button")).click();
        assertThat(shown(By.id("dry-run-problems")).getText()).contains("ignore.DO_NOT_CONTACT", "locked");

        // The org's own value, set in its row, tried, then saved.
        browser.navigate().refresh();
        WebElement value = outcome("LEFT_VOICEMAIL").findElement(By.cssSelector("input[data-outcome='LEFT_VOICEMAIL']"));
        value.sendKeys("VM - Left Message");
        browser.findElement(By.id("overlay-note")).click(); // leaves the field: its change reaches the overlay
        assertThat(browser.findElement(By.id("overlay-json")).getAttribute("value")).contains("VM - Left Message");
        browser.findElement(By.id("dry-run-button")).click();
        WebElement ok = shown(By.id("dry-run-ok"));
        assertThat(ok.getText()).contains("The overlay holds", "VM - Left Message");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", ok);
        screenshot("mapping-dry-run");
        browser.findElement(By.id("overlay-note")).sendKeys("initech's picklist");
        browser.findElement(By.id("save-button")).click();
        wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(By.id("mapping-version")).getText().contains("version"));
        assertThat(outcome("LEFT_VOICEMAIL").getText()).contains("overlay");
        assertThat(shown(By.id("mapping-versions")).getText()).contains("initech crm admin", "initech's picklist");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("mapping");

        // A second change, then one step back: the first comes back, as a new version.
        int first = getRaw("/api/tenants/initech/mappings/crms/salesforce", Map.of("X-Api-Key", ADMIN_KEY)).body().path("version").asInt();
        WebElement again = outcome("LEFT_VOICEMAIL").findElement(By.cssSelector("input[data-outcome='LEFT_VOICEMAIL']"));
        again.clear();
        again.sendKeys("Voicemail");
        browser.findElement(By.id("overlay-note")).click();
        browser.findElement(By.id("save-button")).click();
        wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(By.id("mapping-version")).getText()
                .contains("version " + (first + 1)));
        browser.findElement(By.cssSelector("#mapping-versions tr[data-version='" + first + "'] button")).click();
        wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(By.id("mapping-version")).getText()
                .contains("version " + (first + 2)));
        assertThat(outcome("LEFT_VOICEMAIL").findElement(By.tagName("input")).getAttribute("value")).isEqualTo("VM - Left Message");
        browser.get(url("#/mapping/default/salesforce"));
        assertThat(shown(By.id("error")).getText()).as("another tenant's mapping").contains("no tenant");
    }
}
