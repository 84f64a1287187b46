package io.sensuspush.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sensuspush.contract.ContractJson;
import io.sensuspush.contract.PushRequest;
import io.sensuspush.contract.UpdateType;
import io.sensuspush.ops.Device;
import io.sensuspush.ops.OperatorRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Sets the survey agent's probability on each addressed device (the old {@code update-survey-agent-policy} script). */
@Command(name = "survey-policy", mixinStandardHelpOptions = true,
        description = "Set the survey agent policy on each addressed device: update SurveyAgentPolicy, "
                + "content {\"p\":P}, update id " + SurveyPolicyCommand.UPDATE_ID + ".")
final class SurveyPolicyCommand extends RequestWritingCommand {
    static final String UPDATE_ID = "survey-agent-policy";

    @Parameters(index = "0", paramLabel = "P", description = "The probability, a number from 0 to 1.")
    String p;

    private ObjectNode content;

    @Override
    void prepare(CommandIo io) {
        BigDecimal value;
        try {
            value = new BigDecimal(p.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("P \"" + p + "\" is not a number; expected a probability from 0 to 1");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("P " + p + " is outside [0, 1]");
        }
        content = ContractJson.MAPPER.createObjectNode();
        // as typed, in plain notation: 0.25 stays 0.25, 1e-1 becomes 0.1
        content.put("p", new BigDecimal(value.stripTrailingZeros().toPlainString()));
    }

    @Override
    PushRequest build(Device device, Instant now, Instant due, CommandIo io) {
        return OperatorRequests.update(device, UpdateType.SurveyAgentPolicy, content, UPDATE_ID, now, due,
                UUID.randomUUID());
    }

    @Override
    String what() {
        return "SurveyAgentPolicy update";
    }
}
