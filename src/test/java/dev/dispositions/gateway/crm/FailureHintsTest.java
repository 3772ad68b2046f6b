package dev.dispositions.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.GatewayIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each failure class and each common CRM error names its fix in one line: a picklist value missing, a required field,
 * a field permission, an expired refresh token, a deleted record, and the person nobody matched.
 */
class FailureHintsTest extends GatewayIntegrationTest {
    @Autowired
    FailureHints hints;

    @ParameterizedTest(name = "{0} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            salesforce | activity | PERMANENT | INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value for restricted picklist field: Left Voicemail [CallDisposition] | add 'Left Voicemail' to Task.CallDisposition, or map LEFT_VOICEMAIL to an existing value in acme's Salesforce mapping
            salesforce | lead-status | PERMANENT | INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value for restricted picklist field: Working [Status] | add 'Working' to the lead-status record.Status, or map LEFT_VOICEMAIL
            salesforce | activity | PERMANENT | REQUIRED_FIELD_MISSING: Required fields are missing: [Region__c] | Task requires Region__c in this org: give it a value in acme's Salesforce mapping
            salesforce | activity | PERMANENT | INVALID_FIELD_FOR_INSERT_UPDATE: Unable to create/update fields: CallDisposition. Please check the security settings of this field | the integration user may not write CallDisposition: grant it edit access to the field
            salesforce | activity | AUTH | Login error code:[invalid_grant] expired access/refresh token | Salesforce no longer accepts acme's refresh token
            salesforce | do-not-contact | PERMANENT | ENTITY_IS_DELETED: entity is deleted | the Salesforce record this write names was deleted or merged: set the person's current id on the event (Fix)
            hubspot | activity | PERMANENT | VALIDATION_ERROR: Property values were not valid: INVALID_OPTION hs_call_disposition | a value this write sets is not one of the HubSpot property's options
            hubspot | activity | PERMANENT | MISSING_SCOPES: This app hasn't been granted all required scopes | HubSpot's app for acme lacks a scope this write needs
            hubspot | activity | AUTH | BAD_REFRESH_TOKEN: missing or invalid refresh token | HubSpot no longer accepts acme's refresh token
            bullhorn | activity | PERMANENT | a Bullhorn Note needs its Candidate or ClientContact: the dialer sent no id (prospect.crmIds.bullhorn) and none matched the call's phone or e-mail | the bullhorn person is not known: set their bullhorn id on the event (Fix) and replay, or choose another unknown-person policy
            salesforce | do-not-contact | PERMANENT | no Contact or Lead to flag do-not-call: the dialer sent no Salesforce id and none matched the call's phone or e-mail | the do-not-call flag is then set on them
            salesforce | activity | TRANSIENT | cannot reach Salesforce: ConnectException | salesforce could not be reached or kept failing until the retries ran out
            hubspot | activity | THROTTLED | RATE_LIMIT: daily limit | hubspot's API limit held this delivery until its retries ran out
            bullhorn | activity | PERMANENT | errors.cannotPersistEntity: error persisting an entity of type: Note; action value too long | bullhorn refused this write and would refuse it again
            """)
    void eachFailureNamesItsFix(String crm, String action, String result, String detail, String hint) {
        assertThat(hints.hint(new FailedSync("acme", crm, action, "LEFT_VOICEMAIL", result, detail))).contains(hint);
    }
}
