package dev.dispositions.gateway.api;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The support console is static pages under /console/ (static/console) that call the admin API; these are its doors. */
@Controller
public class ConsolePages {
    @GetMapping({"/console", "/console/"})
    public String console() {
        return "redirect:/console/index.html";
    }
}
