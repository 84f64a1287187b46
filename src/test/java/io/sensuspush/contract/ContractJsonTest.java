package io.sensuspush.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractJsonTest {
    static final String FILE = "requests/k.json";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheAppsUserFacingRequest() {
        PushRequest r = ContractJson.parseRequest(FILE, "k", utf8("""
                {"id":"0ed96702","device":"7D0AB854","protocol":"9870b48d","title":"Survey","body":"Please answer",
                 "sound":"default","format":"apple","creation-time":1533831164,"time":1534831164}"""));
        assertThat(r).isEqualTo(new PushRequest("k", "0ed96702", "7D0AB854", "9870b48d", "Survey", "Please answer",
                "default", Format.APPLE, 1533831164, 1534831164, null));
    }

    @Test
    void parsesAnUpdateRequestWithoutTitleBodyOrSound() {
        PushRequest r = ContractJson.parseRequest(FILE, "k", utf8("""
                {"id":"u","device":"d","protocol":"p","format":"gcm","creation-time":1533831164,"time":1534831164,
                 "update":{"type":"Protocol","content":{"settings":[]}}}"""));
        assertThat(r.title()).isNull();
        assertThat(r.update().type()).isEqualTo(UpdateType.Protocol);
        assertThat(ContractJson.string(r.update().content())).isEqualTo("{\"settings\":[]}");
    }

    @Test
    void writesRequestsInContractOrderWithoutNulls() {
        PushRequest r = new PushRequest("k", "i", "d", "p", null, "b", null, Format.GCM, 1533831164, 1534831164, null);
        assertThat(new String(ContractJson.writeRequest(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"body\":\"b\",\"format\":\"gcm\","
                        + "\"creation-time\":1533831164,\"time\":1534831164}");
        assertThat(ContractJson.parseRequest(FILE, "k", ContractJson.writeRequest(r))).isEqualTo(r);
    }

    @Test
    void updatesFilesRoundTrip() {
        var content = ContractJson.MAPPER.createObjectNode().put("p", 0.5);
        List<UpdateEntry> entries = List.of(new UpdateEntry("a", UpdateType.SurveyAgentPolicy, content));
        byte[] bytes = ContractJson.writeUpdates(entries);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("[{\"id\":\"a\",\"type\":\"SurveyAgentPolicy\",\"content\":{\"p\":0.5}}]");
        assertThat(ContractJson.parseUpdates("updates/d/x.json", bytes)).isEqualTo(entries);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json                 | {                                                                                              | is not valid JSON",
            "array                    | []                                                                                             | must be a JSON object",
            "missing id               | {\"device\":\"d\",\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164} | field \"id\": is missing",
            "numeric device           | {\"id\":\"i\",\"device\":5,\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164} | field \"device\": must be a string",
            "unknown format           | {\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"format\":\"wns\",\"creation-time\":1533831164,\"time\":1533831164} | field \"format\": unknown format",
            "time in millis           | {\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164000} | field \"time\": is 1533831164000",
            "time as text             | {\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":\"soon\"} | field \"time\": must be Unix seconds",
            "unknown update type      | {\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164,\"update\":{\"type\":\"Nope\",\"content\":{}}} | field \"update.type\": unknown update type",
            "array update content     | {\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164,\"update\":{\"type\":\"Protocol\",\"content\":[]}} | field \"update.content\": must be a JSON object",
            "device with a slash      | {\"id\":\"i\",\"device\":\"../x\",\"protocol\":\"p\",\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164} | field \"device\": contains",
            "numeric title            | {\"id\":\"i\",\"device\":\"d\",\"protocol\":\"p\",\"title\":3,\"format\":\"gcm\",\"creation-time\":1533831164,\"time\":1533831164} | field \"title\": must be a string",
    })
    void badRequestsNameTheFileAndField(String what, String json, String expected) {
        assertThatThrownBy(() -> ContractJson.parseRequest(FILE, "k", utf8(json)))
                .isInstanceOf(ContractException.class)
                .hasMessageStartingWith(FILE + ": ")
                .hasMessageContaining(expected);
    }

    @Test
    void oversizedFilesAreRefusedBeforeParsing() {
        byte[] big = new byte[ContractJson.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThatThrownBy(() -> ContractJson.parseRequest(FILE, "k", big)).hasMessageContaining("larger than any real file");
    }

    @Test
    void tokensParseAndAllowAnEmptyToken() {
        TokenFile t = ContractJson.parseToken("tokens/d.json",
                utf8("{\"device\":\"d\",\"protocol\":\"p\",\"format\":\"apple\",\"token\":\"\"}"));
        assertThat(t.hasToken()).isFalse();
        assertThatThrownBy(() -> ContractJson.parseToken("tokens/d.json",
                utf8("{\"device\":\"d\",\"protocol\":\"p\",\"format\":\"fax\",\"token\":\"t\"}")))
                .hasMessage("tokens/d.json: field \"format\": unknown format \"fax\" (expected apple or gcm)");
    }
}
